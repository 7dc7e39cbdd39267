/// Which pay call was made; the two differ only in product code, service and the fields echoed.
enum PayKind: Sendable {
    /// `POST /api/v1/pay/alipay/web-pay`: PC browser; answers `bizPayOrderId` and echoes `amount`.
    case web
    /// `POST /api/v1/pay/alipay/wap-pay`: mobile browser; no `bizPayOrderId`, `"amount": null`.
    case wap
}

/// The identifiers and randomness of one created link, decided under the state lock.
struct CreatedLink: Sendable {
    /// Unique per process; `paymentId` is its 16 decimal digits.
    var paymentNumber: Int64
    /// Unix seconds when the link was created, shown in Beijing time as `order_gmt_create`.
    var createdAtSeconds: Int64
    /// Seed for this link's fake RSA signature.
    var signatureSeed: UInt64

    /// `bizPayOrderId`, e.g. `AL4090000649860437`: "AL" and 16 digits, unique like `paymentNumber`.
    var bizPayOrderId: String { "AL\(paymentNumber + 2_400_000_000_000_000)" }
}

/// Writes the SUCCESS body of a pay call, with a `payInfo` shaped like Alipay's gateway URL.
///
/// Everything except the per-link values is precomputed once per merchant, so a body costs a few
/// appends, a percent-encoding of `returnURL` and 344 random base64 characters.
struct PayLinkBody: Sendable {
    private let webTail: [UInt8]
    private let wapTail: [UInt8]
    private let merchantField: [UInt8]

    private static let head = Array(
        (#"{"status":"SUCCESS","result":{"payInfo":"https://intlmapi.alipay.com/gateway.do?_input_charset=UTF-8"#
            + "&currency=CAD&notify_url=https%3A%2F%2Fscanpay.ottpay.com%2Fonline%2Fnotify%2F&order_gmt_create=").utf8)
    private static let afterDate = Array("&order_valid_time=180&out_trade_no=".utf8)
    private static let webProduct = Array("&partner=2088721517311327&product_code=NEW_OVERSEAS_SELLER&return_url=".utf8)
    private static let wapProduct = Array("&partner=2088721517311327&product_code=NEW_WAP_OVERSEAS_SELLER&return_url=".utf8)
    private static let signHead = Array("&sign_type=RSA&sign=".utf8)

    /// Precomputes the merchant's constant parts.
    /// - Parameter appId: the merchant ID, shown as `secondary_merchant_id` and `merchantId`.
    init(appId: String) {
        let merchant = "&secondary_merchant_id=\(Self.formEncoded(appId))"
            + "&secondary_merchant_industry=5944&secondary_merchant_name=PaylinkDemoStore"
        let subject = "&subject=%28PaylinkDemo%29Order&total_fee="
        webTail = Array((merchant + "&service=create_forex_trade" + subject).utf8)
        wapTail = Array((merchant + "&service=create_forex_trade_wap" + subject).utf8)
        merchantField = Array("\",\"merchantId\":\"\(MockJSON.escaped(appId))\",\"paymentId\":\"".utf8)
    }

    /// The whole SUCCESS envelope for one link.
    /// - Parameters:
    ///   - kind: web-pay or wap-pay.
    ///   - link: identifiers and signature seed.
    ///   - request: the validated request (its amount and returnURL appear in the answer).
    /// - Returns: UTF-8 JSON, about 1.3 KB.
    func body(kind: PayKind, link: CreatedLink, request: PayRequest) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1_700)
        out += Self.head
        Self.appendBeijingTime(link.createdAtSeconds, to: &out)
        out += Self.afterDate
        let orderID = link.bizPayOrderId
        out += orderID.utf8
        out += kind == .web ? Self.webProduct : Self.wapProduct
        Self.appendFormEncoded(request.returnURL, to: &out)
        out += kind == .web ? webTail : wapTail
        out += "\(request.amountCents / 100).".utf8
        let cents = request.amountCents % 100
        out.append(UInt8(ascii: "0") + UInt8(cents / 10))
        out.append(UInt8(ascii: "0") + UInt8(cents % 10))
        out += Self.signHead
        Self.appendSignature(seed: link.signatureSeed, to: &out)
        out += merchantField
        out += String(link.paymentNumber).utf8
        switch kind {
        case .web:
            out += "\",\"amount\":\"".utf8
            out += request.amount.utf8
            out += "\",\"bizPayOrderId\":\"".utf8
            out += orderID.utf8
            out += "\"}}".utf8
        case .wap:
            out += "\",\"amount\":null}}".utf8
        }
        return out
    }

    /// `application/x-www-form-urlencoded` like Java's `URLEncoder`: keeps `A-Z a-z 0-9 . - * _`.
    static func formEncoded(_ text: String) -> String {
        var out: [UInt8] = []
        appendFormEncoded(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func appendFormEncoded(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "*"), UInt8(ascii: "_"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            }
        }
    }
}
