import Benchmark
import Paylink

/// Per-order CPU work that does not touch the network: what the worker spends besides I/O.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], maxDuration: .seconds(3))

    let element = Order(
        orderId: "A-1000001", amount: "123456", callbackURL: "https://shop.example.com/ottpay/notify?order=A-1000001",
        returnURL: "https://shop.example.com/orders/A-1000001", remark: "Order A-1000001"
    ).jsonBytes()

    Benchmark("OrderParser.parse (valid order)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(OrderParser.parse(element))
        }
    }

    let payInfo = "https://intlmapi.alipay.com/gateway.do?_input_charset=UTF-8&currency=CAD&" + String(repeating: "sign=ZBTOPk7qm3AdR1CCCMj7Dqlw%2BpICZKu2i", count: 24)
    var response = JSONWriter()
    response.add("payInfo", payInfo)
    response.add("merchantId", "ON00000185")
    response.add("paymentId", "1677688673404319")
    response.add("amount", "123456")
    response.add("bizPayOrderId", "AL4090000649860437")
    let body = Array(#"{"status":"SUCCESS","result":"#.utf8) + response.finish() + [UInt8(ascii: "}")]

    Benchmark("JSONValue.parse (1 KB web-pay response)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? JSONValue.parse(body))
        }
    }

    Benchmark("Order.jsonBytes") { benchmark in
        let order = try OrderParser.parse(element).get()
        for _ in benchmark.scaledIterations {
            blackHole(order.jsonBytes())
        }
    }
}
