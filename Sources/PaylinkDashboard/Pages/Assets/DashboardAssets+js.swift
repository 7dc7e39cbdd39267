extension DashboardAssets {
    /// `/assets/dashboard.js`: what the server-rendered pages cannot do alone, in plain
    /// JavaScript (no framework, nothing loaded from elsewhere):
    /// - actions: a `form[data-action]` is sent as JSON with the session's CSRF token, after a
    ///   confirmation; a retry the API refuses because a link may exist asks a second time;
    /// - selection: `data-select-all` / `data-select-item` checkboxes feed bulk actions;
    /// - live refresh: `[data-live]` regions are replaced from the same page fetched again;
    /// - times: `time[data-ms]` shows the browser's local time and the age;
    /// - charts: `svg[data-chart]` bars drawn from the numbers in its data attributes.
    /// Every text from the server goes into the page through `textContent`, never as HTML.
    static let js = #"""
        "use strict";
        (function () {
          const $ = (selector, root) => (root || document).querySelector(selector);
          const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
          const csrfToken = () => ($('meta[name="csrf-token"]') || {}).content || "";

          function flash(text, ok) {
            const box = $("#flash");
            if (!box) return;
            box.textContent = text;
            box.className = ok ? "ok" : "bad";
            clearTimeout(flash.timer);
            flash.timer = setTimeout(() => { box.className = ""; }, ok ? 6000 : 15000);
          }

          // A modal question; resolves true when the operator confirms.
          function ask(title, text, items, confirmLabel, danger) {
            const dialog = $("#confirm");
            $("h2", dialog).textContent = title;
            $("p", dialog).textContent = text;
            const list = $("ul", dialog);
            list.replaceChildren(...(items || []).map((item) => {
              const li = document.createElement("li");
              li.textContent = item;
              return li;
            }));
            list.hidden = !items || items.length === 0;
            const yes = $("[data-answer=yes]", dialog);
            yes.textContent = confirmLabel || "Confirm";
            yes.className = danger ? "btn danger" : "btn primary";
            // Counts the questions asked, so a test can tell a second question from the first.
            dialog.dataset.asked = String(Number(dialog.dataset.asked || 0) + 1);
            return new Promise((resolve) => {
              dialog.onclose = () => resolve(dialog.returnValue === "yes");
              dialog.returnValue = "";
              dialog.showModal();
              $("[data-answer=no]", dialog).focus();
            });
          }

          async function postJSON(url, body) {
            const response = await fetch(url, {
              method: "POST",
              credentials: "same-origin",
              headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrfToken() },
              body: JSON.stringify(body),
            });
            let data = null;
            try { data = await response.json(); } catch (_) { data = null; }
            return { status: response.status, data: data || {} };
          }

          // The body of an action: its hidden and visible fields, and the ids of the selection.
          function actionBody(form) {
            const body = {};
            for (const field of $$("input[name], select[name], textarea[name]", form)) {
              if (field.type === "checkbox" && !field.checked) continue;
              if (field.name === "ids") (body.ids = body.ids || []).push(field.value);
              else if (field.dataset.type === "bool") body[field.name] = field.value === "true";
              else body[field.name] = field.value;
            }
            if (form.dataset.selection) {
              body.ids = $$(`input[data-select-item="${form.dataset.selection}"]:checked`).map((box) => box.value);
            }
            return body;
          }

          function describe(data, fallback) {
            if (typeof data.message === "string" && data.message) return data.message;
            if (typeof data.error === "string" && data.error) return data.error;
            return fallback;
          }

          async function runAction(form, submitter) {
            const body = actionBody(form);
            if (form.dataset.selection && body.ids.length === 0) {
              flash("Select at least one order first.", false);
              return;
            }
            const count = body.ids ? body.ids.length : 0;
            const label = form.dataset.label || "Run this action";
            const question = form.dataset.confirm || `${label}?`;
            const what = count > 1 ? `${question} (${count} orders)` : question;
            if (form.dataset.noConfirm !== "true" &&
                !(await ask(label, what, count > 1 ? body.ids.slice(0, 50) : [], label, form.dataset.danger === "true"))) return;
            if (submitter) submitter.disabled = true;
            try {
              let answer = await postJSON(form.dataset.action, body);
              const needed = (answer.data.details || {}).needsConfirmation;
              if (answer.status === 409 && Array.isArray(needed) && needed.length > 0) {
                const sure = await ask(
                  "A payment link may already exist",
                  describe(answer.data, "An earlier attempt of these orders may have created a payment link. " +
                    "Sending them again can create a second link for the same order; the result will be flagged possibleDuplicate."),
                  needed.map(String), "Retry anyway", true);
                if (!sure) { flash("Nothing was retried.", false); return; }
                body[form.dataset.confirmField || "confirmPossibleLink"] = true;
                answer = await postJSON(form.dataset.action, body);
              }
              if (answer.status >= 200 && answer.status < 300) {
                const failed = Array.isArray(answer.data.failed) ? answer.data.failed : [];
                const done = typeof answer.data.ok === "number" ? `Done for ${answer.data.ok}.` : "Done.";
                const text = failed.length === 0 ? done : `${done} Not done for ${failed.length}: ` +
                  failed.slice(0, 5).map((f) => `${f.id} (${f.error})`).join(", ");
                flash(text, failed.length === 0);
                const then = form.dataset.then;
                setTimeout(() => { if (then) location.assign(then); else location.reload(); }, then ? 0 : 700);
              } else {
                flash(`Refused (${answer.status}): ${describe(answer.data, "the dashboard did not say why")}`, false);
              }
            } catch (error) {
              flash(`The request failed: ${error}`, false);
            } finally {
              if (submitter) submitter.disabled = false;
            }
          }

          document.addEventListener("submit", (event) => {
            const form = event.target;
            if (!(form instanceof HTMLFormElement) || !form.dataset.action) return;
            event.preventDefault();
            runAction(form, event.submitter);
          });

          document.addEventListener("change", (event) => {
            const box = event.target;
            if (!(box instanceof HTMLInputElement)) return;
            if (box.dataset.selectAll) {
              for (const item of $$(`input[data-select-item="${box.dataset.selectAll}"]`)) item.checked = box.checked;
            }
            const group = box.dataset.selectAll || box.dataset.selectItem;
            if (group) {
              const chosen = $$(`input[data-select-item="${group}"]:checked`).length;
              for (const out of $$(`[data-selected-count="${group}"]`)) out.textContent = String(chosen);
            }
          });

          // Local time of a Unix-ms value, with its age: "2026-12-07 15:03:12 (4m 10s ago)".
          function two(n) { return String(n).padStart(2, "0"); }
          function localTime(ms) {
            const d = new Date(ms);
            return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
          }
          function age(ms) {
            let s = Math.max(0, Math.round(ms / 1000));
            if (s < 60) return `${s}s`;
            if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
            if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
            return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
          }
          function showTimes(root) {
            const now = Number(document.body.dataset.now) || Date.now();
            for (const el of $$("time[data-ms]", root)) {
              const ms = Number(el.dataset.ms);
              if (!Number.isFinite(ms) || ms <= 0) continue;
              el.title = new Date(ms).toISOString();
              el.textContent = el.dataset.ago === "only" ? age(now - ms) : `${localTime(ms)} (${age(now - ms)} ago)`;
            }
          }

          // Bars of one series per outcome, stacked; numbers come from data attributes.
          const SVG = "http://www.w3.org/2000/svg";
          function svgElement(name, attributes, text) {
            const el = document.createElementNS(SVG, name);
            for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
            if (text !== undefined) el.textContent = text;
            return el;
          }
          function numbers(text) {
            return (text || "").trim().split(/\s+/).filter(Boolean).map(Number).map((n) => (Number.isFinite(n) && n > 0 ? n : 0));
          }
          function niceStep(max) {
            const rough = max / 4;
            const power = Math.pow(10, Math.floor(Math.log10(rough)));
            return [1, 2, 2.5, 5, 10].map((m) => m * power).find((step) => step >= rough) || rough;
          }
          function formatValue(v) {
            if (v >= 1000) return `${+(v / 1000).toFixed(1)}k`;
            return v >= 10 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(v < 1 ? 2 : 1);
          }
          function drawChart(svg) {
            const divide = Number(svg.dataset.divide) || 1;
            const starts = numbers(svg.dataset.starts);
            const series = ["succeeded", "failed"].map((name) => ({ name, values: numbers(svg.dataset[name]).map((v) => v / divide) }));
            const count = starts.length;
            const width = svg.clientWidth || 600, height = svg.clientHeight || 180;
            const left = 46, right = 8, top = 10, bottom = 22;
            svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
            svg.replaceChildren();
            if (count === 0) {
              svg.append(svgElement("text", { x: left, y: height / 2, class: "axis" }, "no data"));
              return;
            }
            const totals = starts.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] || 0), 0));
            const peak = Math.max(...totals);
            const step = peak > 0 ? niceStep(peak) : 1;
            const max = Math.max(step * Math.ceil(peak / step), step);
            const plotHeight = height - top - bottom, slot = (width - left - right) / count;
            const y = (v) => top + plotHeight - (v / max) * plotHeight;
            for (let tick = 0; tick <= max + step / 2; tick += step) {
              svg.append(svgElement("line", { x1: left, x2: width - right, y1: y(tick), y2: y(tick), class: "grid" }));
              svg.append(svgElement("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end", class: "axis" }, formatValue(tick)));
            }
            const unit = svg.dataset.unit || "";
            const day = svg.dataset.kind === "days";
            for (let i = 0; i < count; i++) {
              let base = 0;
              const when = day ? new Date(starts[i]).toISOString().slice(0, 10) : localTime(starts[i]).slice(11, 16);
              for (const s of series) {
                const v = s.values[i] || 0;
                if (v <= 0) continue;
                const bar = svgElement("rect", {
                  x: left + i * slot + slot * 0.12, width: Math.max(1, slot * 0.76),
                  y: y(base + v), height: Math.max(0.5, y(base) - y(base + v)), class: `s-${s.name}`,
                });
                if (i === count - 1) bar.setAttribute("opacity", "0.55");
                const name = s.name === "failed" ? "not succeeded" : s.name;
                bar.append(svgElement("title", {}, `${when}: ${formatValue(v)} ${unit} ${name}${i === count - 1 ? " (so far)" : ""}`));
                svg.append(bar);
                base += v;
              }
              const every = day ? 5 : 15;
              if ((count - 1 - i) % every === 0) {
                const label = day ? when.slice(5) : (i === count - 1 ? "now" : when);
                svg.append(svgElement("text", { x: left + (i + 0.5) * slot, y: height - 6, "text-anchor": "middle", class: "axis" }, label));
              }
            }
          }
          function drawCharts(root) { for (const svg of $$("svg[data-chart]", root)) drawChart(svg); }

          // Live regions: the page is fetched again and each [data-live] element replaced by its
          // namesake, unless a dialog is open or the operator is in the middle of a selection.
          async function refresh() {
            if (document.hidden || $("dialog[open]") || $$("input[data-select-item]:checked").length > 0) return;
            try {
              const response = await fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } });
              if (!response.ok || response.redirected) return;
              const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
              document.body.dataset.now = fresh.body.dataset.now || "";
              for (const region of $$("[data-live]")) {
                const next = fresh.getElementById(region.id);
                if (next) region.replaceWith(document.adoptNode(next));
              }
              showTimes(document);
              drawCharts(document);
              const stamp = $("#refreshed");
              if (stamp) stamp.textContent = `updated ${localTime(Date.now()).slice(11)}`;
            } catch (_) {
              const stamp = $("#refreshed");
              if (stamp) stamp.textContent = "refresh failed; retrying";
            }
          }

          document.addEventListener("DOMContentLoaded", () => {
            showTimes(document);
            drawCharts(document);
            const seconds = Number(document.body.dataset.refresh);
            if (seconds > 0 && $("[data-live]")) setInterval(refresh, seconds * 1000);
            let resizeTimer = 0;
            window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => drawCharts(document), 150); });
          });
        })();
        """#
}
