/// Turns a raw queue element into an `Order`, or an `OrderRejection` naming the field and rule.
///
/// The rules are the API's own (amount in whole cents, URLs of at most 255 characters, remark of
/// at most 128), checked here so that an order that would be refused never reaches the API.
/// Unknown members are ignored so producers can add their own metadata.
public enum OrderParser {
    /// Largest element accepted, in bytes: a real order is a few hundred bytes.
    public static let maxElementBytes = 16 * 1024
    static let maxURLLength = 255
    static let maxRemarkLength = 128
    static let maxIdLength = 64

    /// Parses and validates one element.
    public static func parse(_ element: [UInt8]) -> Result<Order, OrderRejection> {
        guard element.count <= maxElementBytes else {
            return .failure(OrderRejection(orderId: nil, field: "element", rule: "is \(element.count) bytes; at most \(maxElementBytes) are allowed"))
        }
        let document: JSONValue
        do {
            document = try JSONValue.parse(element)
        } catch {
            return .failure(OrderRejection(orderId: nil, field: "element", rule: "is not valid JSON (\(error))"))
        }
        guard let members = document.objectValue else {
            return .failure(OrderRejection(orderId: nil, field: "element", rule: "must be a JSON object, not \(document.kindDescription)"))
        }
        let orderId: String
        switch identifier(members["orderId"], field: "orderId", required: true) {
        case .success(let id): orderId = id ?? ""
        case .failure(let rejection): return .failure(rejection)
        }
        do throws(OrderRejection) {
            return .success(try validate(members, orderId: orderId))
        } catch {
            return .failure(error)
        }
    }

    private static func validate(_ members: [String: JSONValue], orderId: String) throws(OrderRejection) -> Order {
        func reject(_ field: String, _ rule: String) -> OrderRejection {
            OrderRejection(orderId: orderId, field: field, rule: rule)
        }
        let amount = try amount(members["amount"], reject: reject)
        let callbackURL = try url(members["callbackURL"], field: "callbackURL", reject: reject)
        let returnURL = try url(members["returnURL"], field: "returnURL", reject: reject)
        var remark = ""
        switch members["remark"] {
        case nil, .null?: break
        case .string(let text)?:
            // Counted in UTF-16 units, as the API (a Java service) counts string length.
            let length = text.utf16.count
            guard length <= maxRemarkLength else { throw reject("remark", "is \(length) characters; at most \(maxRemarkLength) are allowed") }
            remark = text
        case let other?: throw reject("remark", "must be a string, not \(other.kindDescription)")
        }
        var channel = Order.Channel.web
        switch members["channel"] {
        case nil, .null?: break
        case .string(let name)?:
            guard let known = Order.Channel(rawValue: name) else { throw reject("channel", "must be \"web\" or \"wap\", not \"\(name.prefix(20))\"") }
            channel = known
        case let other?: throw reject("channel", "must be a string, not \(other.kindDescription)")
        }
        let batchId: String?
        switch identifier(members["batchId"], field: "batchId", required: false) {
        case .success(let id): batchId = id
        case .failure(let rejection): throw OrderRejection(orderId: orderId, field: rejection.field, rule: rejection.rule)
        }
        let merchant: String?
        switch identifier(members["merchant"], field: "merchant", required: false) {
        case .success(let name): merchant = name
        case .failure(let rejection): throw OrderRejection(orderId: orderId, field: rejection.field, rule: rejection.rule)
        }
        return Order(
            orderId: orderId, amount: amount, callbackURL: callbackURL, returnURL: returnURL,
            remark: remark, channel: channel, batchId: batchId, merchant: merchant, enqueuedAt: enqueuedAt(members["enqueuedAt"]))
    }

    /// The producer's push time in Unix ms: an integer literal between 2001 and 2286 (13 digits),
    /// else nil. It only feeds metrics, so a bad one is ignored rather than failing a payment.
    static func enqueuedAt(_ value: JSONValue?) -> Int64? {
        guard case .number(let literal)? = value, literal.utf8.count == 13, literal.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return nil
        }
        return Int64(literal)
    }
}
