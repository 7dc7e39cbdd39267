import Testing

@testable import Paylink

/// Review M4: a link the API made for another amount or merchant is never the order's.
struct LinkCheckTests {
    private let order = Order(
        orderId: "A-1", amount: "1000", callbackURL: "https://shop.example/n/A-1", returnURL: "https://shop.example/o/A-1")

    private func link(amount: String, merchantId: String = "ON00000185") -> PaymentLink {
        PaymentLink(payInfo: "https://pay.example/x", paymentId: "P1", merchantId: merchantId, amount: amount, bizPayOrderId: "AL1")
    }

    @Test func theOrdersAmountAndTheProfilesMerchantMatch() {
        #expect(LinkCheck.mismatch(link(amount: "1000"), order: order, appId: "ON00000185") == nil)
    }

    @Test func aMissingAmountOrMerchantIsNotAMismatch() {
        // wap-pay answers "amount": null; some answers leave merchantId out.
        #expect(LinkCheck.mismatch(link(amount: "", merchantId: ""), order: order, appId: "ON00000185") == nil)
    }

    @Test(arguments: ["1", "10000", "1000.00", "01000", "-1000", " 1000", "(not a string)"])
    func anyOtherAmountIsAMismatch(amount: String) {
        #expect(LinkCheck.mismatch(link(amount: amount), order: order, appId: "ON00000185")?.code == "amount_mismatch")
    }

    @Test func anotherMerchantsLinkIsAMismatch() {
        let mismatch = LinkCheck.mismatch(link(amount: "1000", merchantId: "ON99999999"), order: order, appId: "ON00000185")
        #expect(mismatch?.code == "merchant_mismatch")
        #expect(mismatch?.message.contains("ON99999999") == true)
    }

    @Test func aHostileAnswerIsBoundedInTheMessage() {
        let mismatch = LinkCheck.mismatch(link(amount: String(repeating: "9", count: 100_000)), order: order, appId: "ON00000185")
        #expect((mismatch?.message.utf8.count ?? 0) < 300)
    }

    @Test func theMismatchedResultIsFailedWithTheLinkKeptApart() {
        let result = ResultBuilder.mismatched(order, link: link(amount: "1"), problem: LinkCheck.Mismatch(code: "amount_mismatch", message: "m"))
        let fields = Dictionary(result.fields, uniquingKeysWith: { $1 })
        #expect(result.status == .failed)
        #expect(fields[ResultField.payInfo] == nil && fields[ResultField.paymentId] == nil)
        #expect(fields[ResultField.mismatchedPayInfo] == "https://pay.example/x" && fields[ResultField.mismatchedPaymentId] == "P1")
        #expect(fields[ResultField.unsure] == "1" && fields[ResultField.errorCode] == "amount_mismatch")
    }
}
