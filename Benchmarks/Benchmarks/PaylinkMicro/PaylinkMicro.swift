import Benchmark
import Paylink
import PaylinkRedis

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

    // One acknowledgement call as the worker sends it under load: 64 jobs of about 20 arguments.
    let results = (0..<64).map { index in
        (jobId: String(100_000 + index), orderId: "A-\(1_000_000 + index)", fields: [
            ("orderId", "A-\(1_000_000 + index)"), ("amount", "123456"), ("channel", "web"), ("payInfo", payInfo),
            ("paymentId", "1677688673404319"), ("merchantId", "ON00000185"), ("bizPayOrderId", "AL4090000649860437"),
        ])
    }

    Benchmark("RedisCommand (acknowledgement of 64 orders)") { benchmark in
        for _ in benchmark.scaledIterations {
            let byteCount = results.reduce(0) { total, result in
                result.fields.reduce(total + 32) { $0 + $1.0.utf8.count + $1.1.utf8.count }
            }
            blackHole(RedisCommand("EVALSHA", argumentCount: 64 * 19, byteCount: byteCount) { encoder in
                for result in results {
                    result.jobId.encodeRedisArgument(into: &encoder)
                    "succeeded".encodeRedisArgument(into: &encoder)
                    result.orderId.encodeRedisArgument(into: &encoder)
                    "1".encodeRedisArgument(into: &encoder)
                    (result.fields.count * 2).encodeRedisArgument(into: &encoder)
                    for (name, value) in result.fields {
                        name.encodeRedisArgument(into: &encoder)
                        value.encodeRedisArgument(into: &encoder)
                    }
                }
            })
        }
    }
}
