#!/usr/bin/env python3
"""The operators' dashboard in a real browser (issue 14), against real processes.

scripts/check-dashboard-browser.sh runs it inside a private network namespace, with Selenium
from its venv. It starts a redis-server, the OTT Pay stand-in (`paylink mock-api`, faults
switched per phase through PUT /mock/faults), two workers and `paylink dashboard` with a users
file, fills the queue (orders that die after transient errors, orders whose calls may have
created a link, a batch, broken elements, one carrying markup, a pause whose reason is markup),
then drives headless Chromium through chromedriver with real clicks and checks:
- sign-in is required (a users file is configured) and works;
- the overview shows exactly the pending and dead counts Redis holds (LLEN, ZCARD);
- markup in a dead element, a pause reason and a search renders as text (no element, no script);
- a dead order retried by a click on the dead list reaches `succeeded`; one whose earlier call
  may have created a link asks a second time, and ends `succeeded` flagged possibleDuplicate;
- a queue resumed by a click is drained;
- a viewer sees no action and the API refuses the viewer's action (403), changing nothing;
- off loopback (a veth address in the namespace) the dashboard refuses to start without
  credentials, and with them serves only the sign-in page until one signs in;
- the browser logged no error (a Content-Security-Policy violation or a script error would be).
Writes screenshots of the overview, an order and the dead list into --screenshots.
"""
import argparse
import base64
import os
import secrets
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))
from dashboard_stack import Failure, Stack, wait_for  # noqa: E402

import bcrypt  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

QUEUE = "default"
KEY = f"paylink:{{{QUEUE}}}:"
XSS_ELEMENT = '{"orderId":"<img src=x onerror=window.__xss=1>","amount":"100","callbackURL":"https://shop.example/n","returnURL":"https://shop.example/r"}'
XSS_REASON = '<b>bank</b> maintenance <script>window.__xss=2</script>'
WIDTH, HEIGHT = 1280, 900


def order(order_id, amount="1000"):
    return ('{"orderId":"%s","amount":"%s","callbackURL":"https://shop.example/notify/%s",'
            '"returnURL":"https://shop.example/orders/%s","remark":"browser test"}' % (order_id, amount, order_id, order_id))


def check(condition, text):
    if not condition:
        raise Failure(text)


class Browser:
    """Headless Chromium through Debian's chromedriver; never Selenium Manager (no downloads)."""

    def __init__(self, work):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("PAYLINK_CHROMIUM", "/usr/bin/chromium")
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                     f"--window-size={WIDTH},{HEIGHT}", f"--user-data-dir={work}/chromium", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(os.environ.get("PAYLINK_CHROMEDRIVER", "/usr/bin/chromedriver"), log_output=f"{work}/chromedriver.log")
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.set_page_load_timeout(20)
        # The layout viewport is exactly WIDTH wide, whatever the window decorations.
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        self.errors = []

    def quit(self):
        self.driver.quit()

    def get(self, url):
        self.driver.get(url)
        self.wait_ready()

    def wait_ready(self):
        WebDriverWait(self.driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def find(self, css, timeout=10):
        return WebDriverWait(self.driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def click(self, css, timeout=10):
        element = WebDriverWait(self.driver, timeout).until(EC.element_to_be_clickable((By.CSS_SELECTOR, css)))
        element.click()
        return element

    def confirm(self, title_part=None):
        """Waits for the confirmation dialog, checks its title, clicks its confirm button."""
        WebDriverWait(self.driver, 10).until(lambda d: d.execute_script("return !!document.querySelector('dialog#confirm[open]')"))
        title = self.find("dialog#confirm h2").text
        if title_part:
            check(title_part in title, f"the confirmation says {title!r}, expected it to mention {title_part!r}")
        asked = self.driver.execute_script("return document.querySelector('dialog#confirm').dataset.asked")
        self.click("dialog#confirm button[data-answer=yes]")
        # Closed, or open again with the next question.
        WebDriverWait(self.driver, 10).until(lambda d: d.execute_script(
            "const q = document.querySelector('dialog#confirm'); return !q.open || q.dataset.asked !== arguments[0]", asked))
        return title

    def sign_in(self, base, user, password):
        self.find("form#login input[name=username]").send_keys(user)
        self.find("form#login input[name=password]").send_keys(password)
        self.click("form#login button[type=submit]")
        WebDriverWait(self.driver, 10).until(lambda d: "/login" not in d.current_url)
        self.wait_ready()

    def screenshot(self, path):
        """The whole page, not just the viewport, as PNG."""
        self.driver.execute_script("window.scrollTo(0, 0)")
        height = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]["height"]
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": WIDTH, "height": max(600, min(height, 3000)), "scale": 1}})
        Path(path).write_bytes(base64.b64decode(shot["data"]))
        print(f"check-dashboard-browser: wrote {path}")

    def collect_errors(self):
        for entry in self.driver.get_log("browser"):
            message = entry.get("message", "")
            # The refusals the test provokes (the 409 that asks for a second confirmation, the
            # viewer's 403) are logged as failed loads; script errors and CSP violations are not.
            expected = entry.get("source") == "network" and "/api/actions/" in message and ("409" in message or "403" in message)
            if entry.get("level") == "SEVERE" and not expected:
                self.errors.append(message)
        return self.errors


def cell(browser, queue, field):
    return browser.find(f'table#queues tr[data-queue="{queue}"] td[data-field="{field}"]').text.replace(",", "").strip()


def run(args):
    work = Path(args.work)
    shots = Path(args.screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    stack = Stack(args.bin_dir, work)
    browser = None
    try:
        redis = stack.start_redis()
        stack.start_mock("--seed", "14")
        passwords = {"ops-admin": secrets.token_hex(12), "ops-viewer": secrets.token_hex(12)}
        users = work / "users"
        users.write_text("".join(f"{name} {bcrypt.hashpw(pw.encode(), bcrypt.gensalt(rounds=4)).decode()} "
                                 f"{'admin' if name == 'ops-admin' else 'viewer'}\n" for name, pw in passwords.items()))
        users.chmod(0o600)
        worker_flags = ("--concurrency", "16", "--max-attempts", "2", "--retry-base", "0.05", "--retry-cap", "0.2",
                        "--api-timeout", "2", "--heartbeat-interval", "1")
        for name in ("worker-1", "worker-2"):
            stack.start_worker(name, *worker_flags)
        dashboard_env = {"PAYLINK_DASHBOARD_USERS_FILE": str(users), "PAYLINK_LOG_LEVEL": "warning"}
        _, base = stack.start("dashboard", [stack.paylink, "dashboard", "--address", "127.0.0.1:0", "--redis-url", stack.redis_url],
                              env=dashboard_env, ready=r"dashboard listening on (\S+)")
        started = time.monotonic()

        # The queue's story: transient failures used up (dead, no link), calls that may have
        # made a link (dead, mayHaveLink), a batch, broken elements, then a pause with orders.
        def enqueue(lines, *flags):
            path = work / f"orders-{time.monotonic_ns()}.jsonl"
            path.write_text("".join(line + "\n" for line in lines))
            stack.run("enqueue", str(path), "--redis-url", stack.redis_url, *flags)

        dead = lambda: redis("ZCARD", KEY + "dead")  # noqa: E731
        stack.set_faults(databaseError=1.0)
        enqueue([order(f"D-{i}") for i in range(1, 4)])
        wait_for("3 orders dead after transient errors", lambda: dead() == 3)
        stack.set_faults(serverError=1.0)
        enqueue([order(f"M-{i}") for i in range(1, 3)])
        wait_for("2 more dead orders whose calls may have made links", lambda: dead() == 5)
        stack.set_faults()
        enqueue([order(f"B-{i:04d}", amount=str(1000 + i)) for i in range(1, 61)], "--batch", "2026-12-sale")
        redis("LPUSH", KEY + "pending", '{"orderId":"bad-amount","amount":"12.50","callbackURL":"https://s.example/n","returnURL":"https://s.example/r"}',
              "not json at all", XSS_ELEMENT)
        wait_for("the batch to finish and the broken elements to settle",
                 lambda: redis.hash(KEY + "batch:2026-12-sale").get("finishedAt") and dead() == 7
                 and redis("HGET", KEY + "counts", "invalid") == "1")
        stack.run("queue", "pause", QUEUE, "--reason", XSS_REASON, "--redis-url", stack.redis_url)
        enqueue([order(f"P-{i:02d}") for i in range(1, 26)])
        check(redis("LLEN", KEY + "pending") == 25, "the paused queue should hold the 25 new orders")
        print(f"check-dashboard-browser: stack up and seeded in {time.monotonic() - started:.1f} s")

        browser = Browser(work)
        browser.get(base + "/")
        check("/login" in browser.driver.current_url, f"with a users file the overview should need a sign-in, got {browser.driver.current_url}")
        browser.sign_in(base, "ops-admin", passwords["ops-admin"])
        check(browser.find("[data-role]").text == "admin", "the top bar should show the admin role")

        # The overview shows exactly what Redis holds.
        pending, dead_count = redis("LLEN", KEY + "pending"), dead()
        check(cell(browser, QUEUE, "pending") == str(pending), f"overview pending {cell(browser, QUEUE, 'pending')}, Redis LLEN {pending}")
        check(cell(browser, QUEUE, "dead") == str(dead_count), f"overview dead {cell(browser, QUEUE, 'dead')}, Redis ZCARD {dead_count}")
        state = browser.find(f'table#queues tr[data-queue="{QUEUE}"] td[data-field="state"]').text
        check("paused" in state and "<script>" in state, f"the pause reason should show as text, got {state!r}")
        browser.screenshot(shots / "dashboard-overview.png")

        # Markup in data is text: the dead element, and a search for markup.
        browser.get(base + f"/dead?queue={QUEUE}")
        rows = browser.all("table#dead-list tbody tr")
        check(len(rows) == dead_count, f"the dead list shows {len(rows)} rows, Redis has {dead_count}")
        elements = " ".join(e.text for e in browser.all('[data-field="element"]'))
        check("<img src=x onerror=window.__xss=1>" in elements, f"the XSS element should be shown as text, got {elements!r}")
        browser.screenshot(shots / "dashboard-dead.png")
        browser.get(base + "/orders?q=" + "%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D3%3E")
        check("<img src=x" in browser.find("#no-match").text, "a search for markup should echo it as text")
        check(browser.driver.execute_script("return window.__xss === undefined && document.querySelectorAll('main img').length === 0"),
              "markup from Redis or the query ran or rendered as an element")

        # Resume the queue by a click: the 25 waiting orders go through.
        browser.get(base + "/queues")
        browser.click(f'tr[data-queue="{QUEUE}"] button[data-act=resume]')
        browser.confirm("Resume")
        wait_for("the resumed queue to drain", lambda: redis("LLEN", KEY + "pending") == 0
                 and redis("HGET", KEY + "result:P-25", "status") == "succeeded", timeout=30)

        # Retry a dead order by a click; it reaches succeeded.
        browser.get(base + f"/dead?queue={QUEUE}")
        browser.click('tr[data-id="D-1"] button[data-act=retry]')
        browser.confirm("Retry")
        wait_for("D-1 to succeed after its retry", lambda: redis("HGET", KEY + "result:D-1", "status") == "succeeded")

        # A dead order whose earlier call may have made a link needs a second confirmation.
        browser.get(base + f"/dead?queue={QUEUE}")
        check(browser.find('tr[data-id="M-1"]').get_attribute("class") == "flagged", "M-1 should be flagged: a link may exist")
        browser.click('tr[data-id="M-1"] button[data-act=retry]')
        browser.confirm("Retry")
        browser.confirm("link may already exist")
        wait_for("M-1 to succeed after its confirmed retry", lambda: redis("HGET", KEY + "result:M-1", "status") == "succeeded")
        check(redis("HGET", KEY + "result:M-1", "possibleDuplicate") == "1", "M-1's second call should be flagged possibleDuplicate")

        # The order page: every field, the possible duplicate highlighted.
        browser.get(base + "/orders?q=M-1")
        WebDriverWait(browser.driver, 10).until(lambda d: "/orders/M-1" in d.current_url)
        check(browser.find("#order-status").text == "succeeded", "the order page should show M-1 succeeded")
        flagged = [row.get_attribute("data-field") for row in browser.all("table#fields tr.flagged")]
        check("possibleDuplicate" in flagged, f"possibleDuplicate should be highlighted, flagged rows: {flagged}")
        browser.screenshot(shots / "dashboard-order.png")

        # A viewer: no buttons, and the API refuses the action itself.
        browser.click("form#sign-out button")
        WebDriverWait(browser.driver, 10).until(lambda d: "/login" in d.current_url)
        browser.sign_in(base, "ops-viewer", passwords["ops-viewer"])
        browser.get(base + f"/dead?queue={QUEUE}")
        check(browser.find("[data-role]").text == "viewer", "the top bar should show the viewer role")
        check(not browser.all("form[data-action]"), "a viewer's dead list should have no action form")
        status = browser.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch('/api/actions/dead/retry', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json',
              'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content},
              body: JSON.stringify({queue: 'default', ids: ['D-2']})}).then(r => done(r.status), e => done(String(e)));""")
        check(status == 403, f"the API should refuse a viewer's retry with 403, got {status}")
        check(redis("HGET", KEY + "result:D-2", "status") == "failed" and redis("ZSCORE", KEY + "dead", "D-2") is not None,
              "the refused retry changed D-2")

        if args.outside_address:
            check_off_loopback(stack, browser, args.outside_address, dashboard_env, passwords)

        errors = browser.collect_errors()
        check(not errors, "the browser logged errors:\n  " + "\n  ".join(errors))
        print(f"check-dashboard-browser: every check passed in {time.monotonic() - started:.1f} s")
    finally:
        if browser:
            browser.quit()
        stack.close()


def check_off_loopback(stack, browser, address, dashboard_env, passwords):
    """On an address other hosts could reach: no start without credentials, then sign-in first."""
    result = stack.start("dashboard-open-outside", [stack.paylink, "dashboard", "--address", f"{address}:0", "--redis-url", stack.redis_url],
                         )[0]
    try:
        code = result.wait(timeout=15)
    except Exception:
        raise Failure(f"a dashboard on {address} without credentials kept running")
    log = stack.log("dashboard-open-outside")
    check(code != 0 and "refusing" in log, f"a dashboard on {address} without credentials should refuse to start, exit {code}: {log}")
    _, outside = stack.start("dashboard-outside", [stack.paylink, "dashboard", "--address", f"{address}:0", "--redis-url", stack.redis_url],
                             env=dashboard_env, ready=r"dashboard listening on (\S+)")
    check(address in outside, f"the dashboard should listen on {address}, says {outside}")
    browser.driver.delete_all_cookies()
    browser.get(outside + "/dead")
    check("/login" in browser.driver.current_url, f"off loopback an unsigned request should get the sign-in page, got {browser.driver.current_url}")
    browser.sign_in(outside, "ops-admin", passwords["ops-admin"])
    check("/dead" in browser.driver.current_url, f"signing in should lead back to /dead, got {browser.driver.current_url}")
    check(browser.all("table#dead-list tbody tr"), "the dead list off loopback should show the dead orders")
    print(f"check-dashboard-browser: off loopback ({address}): refused without credentials, sign-in first with them")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--outside-address", help="a non-loopback address of this network namespace")
    parser.add_argument("--work", help="scratch directory (default: a new one, removed afterwards)")
    parser.add_argument("--timeout", type=int, default=240, help="seconds the whole check may take")
    args = parser.parse_args()

    def too_long(*_):
        raise Failure(f"the browser check took longer than {args.timeout} s")

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(args.timeout)
    with tempfile.TemporaryDirectory(prefix="paylink-dashboard-browser.") as scratch:
        args.work = args.work or scratch
        try:
            run(args)
        except (Failure, WebDriverException) as failure:
            print(f"check-dashboard-browser: FAILED: {type(failure).__name__}: {failure}", file=sys.stderr)
            traceback.print_exc()
            for log in sorted(Path(args.work).glob("*.log")):
                print(f"--- {log.name} (last lines)", file=sys.stderr)
                print("\n".join(log.read_text(errors="replace").splitlines()[-15:]), file=sys.stderr)
            sys.exit(1)


if __name__ == "__main__":
    main()
