import Paylink
import PaylinkCLI

/// Sample orders for `paylink demo`: valid ones plus one of each kind of mistake, so the demo
/// shows what producers get back for bad data.
enum DemoOrders {
    static func elements(count: Int) -> [[UInt8]] {
        var elements: [[UInt8]] = []
        elements.reserveCapacity(count)
        var generator = SystemRandomNumberGenerator()
        for index in 0..<count {
            let id = "demo-\(index + 1)"
            let order = Order(
                orderId: id, amount: String(Int.random(in: 100...250_000, using: &generator)),
                callbackURL: "https://shop.example.com/ottpay/notify?order=\(id)",
                returnURL: "https://shop.example.com/orders/\(id)",
                remark: "Demo order \(index + 1)", channel: index % 10 == 9 ? .wap : .web)
            elements.append(order.jsonBytes())
        }
        let mistakes = [
            #"{"orderId":"demo-bad-amount","amount":"12.50","callbackURL":"https://shop.example.com/n","returnURL":"https://shop.example.com/r"}"#,
            #"{"orderId":"demo-bad-url","amount":"1000","callbackURL":"ftp://shop.example.com/n","returnURL":"https://shop.example.com/r"}"#,
            #"{"orderId":"demo-no-return","amount":"1000","callbackURL":"https://shop.example.com/n"}"#,
            "not an order at all",
        ]
        for (offset, mistake) in mistakes.enumerated() where offset < count {
            elements[offset * max(count / mistakes.count, 1)] = Array(mistake.utf8)
        }
        return elements
    }
}
