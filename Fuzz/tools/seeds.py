# Writes the hand-made seed corpus for the order parser fuzzer.
import json, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
base = {"orderId": "o-1", "amount": "1000", "callbackURL": "https://shop.example/cb", "returnURL": "https://shop.example/r"}
seeds = {}
def obj(**kw):
    d = dict(base)
    for k, v in kw.items():
        if v is DEL: d.pop(k, None)
        else: d[k] = v
    return json.dumps(d, separators=(",", ":"), ensure_ascii=False).encode()
DEL = object()
def raw(name, b): seeds[name] = b if isinstance(b, bytes) else b.encode()
# valid
raw("valid-minimal", obj())
raw("valid-full", obj(remark="hi", channel="wap", batchId="b1", extra={"x": [1, 2.5, True, None]}))
raw("valid-channel-web-explicit", obj(channel="web"))
raw("valid-null-optionals", obj(remark=None, channel=None, batchId=None))
raw("valid-integer-amount", b'{"orderId":"o-1","amount":2500,"callbackURL":"https://a.example/c","returnURL":"https://a.example/r"}')
raw("valid-whitespace", b' \t\r\n{ "orderId" : "o-1" ,\n "amount" : "1" , "callbackURL":"http://a.b/c" , "returnURL" : "HTTPS://A.B" } \n')
raw("valid-url-forms", obj(callbackURL="http://user:pw@host.example:8080/p?q=1#f", returnURL="https://[::1]:8443/x"))
raw("valid-id-64", obj(orderId="A" * 32 + "z.9_:-" + "0" * 26, batchId="b" * 64))
raw("valid-amount-int64-max", obj(amount="9223372036854775807"))
raw("valid-remark-128-emoji", obj(remark="😀" * 64))
raw("valid-remark-128-ascii", obj(remark="r" * 128))
raw("valid-remark-escapes", b'{"orderId":"o-1","amount":"1","callbackURL":"https://a.example/c","returnURL":"https://a.example/r","remark":"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0000\\u001f\\u00e9\\ud83d\\ude00"}')
raw("valid-remark-unicode", obj(remark="订单 e\u0301 \u200d👩‍👩‍👧 \ufeff ﷽"))
raw("valid-url-255", obj(callbackURL="https://a.example/" + "p" * (255 - 18)))
raw("valid-url-escaped-slash", b'{"orderId":"o-1","amount":"1","callbackURL":"https:\\/\\/a.example\\/c","returnURL":"https://a.example/r"}')
raw("valid-unknown-unicode-keys", obj(**{"é": 1, "e\u0301x": 2, "\u212a": 3}))
pad = obj(extra="")
raw("valid-element-16384", obj(extra="x" * (16384 - len(pad))))
raw("valid-depth-31", obj(extra=json.loads("[" * 30 + "]" * 30)))
# rules
for f in ["orderId", "amount", "callbackURL", "returnURL"]:
    raw(f"missing-{f}", obj(**{f: DEL}))
    raw(f"null-{f}", obj(**{f: None}))
    raw(f"type-{f}-object", obj(**{f: {"a": 1}}))
for f in ["remark", "channel", "batchId"]:
    raw(f"type-{f}-number", obj(**{f: 1}))
    raw(f"type-{f}-array", obj(**{f: ["x"]}))
raw("type-orderId-bool", obj(orderId=True))
raw("type-amount-bool", obj(amount=False))
raw("orderId-empty", obj(orderId=""))
raw("orderId-65", obj(orderId="a" * 65))
raw("orderId-space", obj(orderId="a b"))
raw("orderId-slash", obj(orderId="a/b"))
raw("orderId-unicode", obj(orderId="ordér"))
raw("orderId-nul", b'{"orderId":"a\\u0000","amount":"1","callbackURL":"https://a.example/c","returnURL":"https://a.example/r"}')
raw("batchId-empty", obj(batchId=""))
raw("batchId-bad", obj(batchId="b{1}"))
for i, a in enumerate(["0", "00", "007", "-1", "+1", "1.5", "1e3", "", " 1", "1 ", "9223372036854775808", "99999999999999999999999", "١٢", "１"]):
    raw(f"amount-string-{i}", obj(amount=a))
for i, a in enumerate([b"0", b"-0", b"-1", b"1.0", b"1e3", b"1E+2", b"0.0e-0", b"9223372036854775808", b"12345678901234567890123456789"]):
    raw(f"amount-number-{i}", b'{"orderId":"o-1","amount":' + a + b',"callbackURL":"https://a.example/c","returnURL":"https://a.example/r"}')
for i, u in enumerate(["ftp://a.example/", "//a.example/", "http:/a.example", "http://", "https://", "http:///path", "http://?q", "http://#f",
                       "http://@/", "http://user@:80/", "http://:80", "https://a b.example/", "https://a.example/\u0001", "https://a.example/\u007f",
                       "https://a.example/" + "p" * 238, "https://a.example/" + "é" * 120, "https://a.example/" + "😀" * 119, "", "https", "h"]):
    raw(f"url-{i}", obj(callbackURL=u))
raw("returnURL-bad", obj(returnURL="mailto:x@y"))
raw("remark-129", obj(remark="r" * 129))
raw("remark-130-emoji", obj(remark="😀" * 65))
raw("remark-128-chars-over-in-bytes", obj(remark="é" * 128))
raw("channel-upper", obj(channel="WEB"))
raw("channel-empty", obj(channel=""))
raw("channel-long", obj(channel="w" * 300))
raw("element-16385", obj(extra="x" * (16385 - len(pad))))
# not objects, invalid JSON
for i, d in enumerate([b"", b" ", b"[]", b'"s"', b"1", b"null", b"true", b"{}", b"{", b"}", b'{"orderId"', b'{"orderId":', b'{"orderId":"o-1",}',
                       b'{"orderId":"o-1"} x', b'{"orderId":"o-1"}{}', b"{'orderId':'o'}", b'{"a":01}', b'{"a":1.}', b'{"a":.5}', b'{"a":1e}',
                       b'{"a":-}', b'{"a":tru}', b'{"a":nul}', b'{"a":[1,]}', b'{"a":[1 2]}', b'{"a" 1}', b'{1:2}', b'{"a":"\\x"}', b'{"a":"\\u12"}',
                       b'{"a":"\\u12g4"}', b'{"a":"\\ud800"}', b'{"a":"\\ud800\\u0041"}', b'{"a":"\\udc00"}', b'{"a":"\\', b'{"a":"abc',
                       b'{"a":"\x01"}', b'{"a":"\n"}', b'{"a":"\xc0\x80"}', b'{"a":"\xff"}', b'{"a":"\xed\xa0\x80"}', b'{"a":"\xf4\x90\x80\x80"}',
                       b'{"a":"\xe2\x82"}', b"\xef\xbb\xbf{}", b'{"a":1}\x00', b"\x00"]):
    raw(f"json-{i}", d)
raw("depth-32", b'{"a":' + b"[" * 31 + b"]" * 31 + b"}")
raw("depth-33", b'{"a":' + b"[" * 32 + b"]" * 32 + b"}")
raw("depth-objects-40", b'{"a":' * 40 + b"1" + b"}" * 40)
raw("depth-huge-open", b"[" * 5000)
raw("dup-orderId", b'{"orderId":"a","orderId":"b","amount":"1","callbackURL":"https://a.example/c","returnURL":"https://a.example/r"}')
raw("dup-unknown", obj()[:-1] + b',"x":1,"x":2}')
raw("dup-escaped-key", b'{"orderId":"a","order\\u0049d":"b","amount":"1","callbackURL":"https://a.example/c","returnURL":"https://a.example/r"}')
raw("dup-canonical-keys", obj()[:-1] + '"é":1,"e\u0301":2}'.encode())
raw("dup-nested", obj()[:-1] + b',"x":{"k":1,"k":2}}')
raw("escaped-field-names", b'{"\\u006frderId":"o-1","amount":"1","callbackURL":"https://a.example/c","returnURL":"https://a.example/r"}')
raw("numbers-many", obj()[:-1] + b',"n":[0,-0,1,-1,0.5,1e10,1E-10,-1.25e+3,123456789012345678901234567890]}')
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as fh: fh.write(data)
print(len(seeds), "seeds")
