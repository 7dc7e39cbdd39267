public import PaylinkRedis

extension BulkEnqueue {
    /// Why `push` stopped, and exactly what went in before: the numbers an operator needs to
    /// know that nothing was reported pushed that is not in the queue.
    public struct PushFailure: Error, Sendable, CustomStringConvertible {
        /// Where it stopped.
        public enum Stage: Sendable, Equatable {
            /// Registering the batch's orderIds; nothing was pushed.
            case registration
            /// Pushing the elements.
            case push
        }

        public var stage: Stage
        /// Orders of the plan that are certainly in the queue.
        public var pushed: Int
        /// Of ``pushed``, those from after ``firstLine``: Redis runs the rest of a round trip
        /// after refusing a push, so later chunks of the same round trip may have gone in.
        public var pushedAfterFirstRefusal: Int
        /// Orders whose push got no answer (the connection broke or timed out after the round
        /// trip was written): each may or may not be in the queue.
        public var uncertain: Int
        /// The input line of the first order that is not certainly in the queue.
        public var firstLine: Int?
        /// Redis's refusal or the connection error.
        public var cause: RedisError

        public init(
            stage: Stage, pushed: Int, pushedAfterFirstRefusal: Int = 0, uncertain: Int = 0, firstLine: Int?,
            cause: RedisError
        ) {
            self.stage = stage
            self.pushed = pushed
            self.pushedAfterFirstRefusal = pushedAfterFirstRefusal
            self.uncertain = uncertain
            self.firstLine = firstLine
            self.cause = cause
        }

        /// Whether Redis answered with an error reply (as opposed to not answering).
        public var isRefusal: Bool { cause.code == .commandFailed }

        public var description: String {
            let line = firstLine.map { "line \($0)" } ?? "the first line"
            switch stage {
            case .registration:
                return "Redis refused the batch registration of the orders from \(line) (\(cause)); no order was pushed"
            case .push where isRefusal:
                return "Redis refused the push of \(line) (\(cause))"
            case .push where uncertain > 0:
                return "the push from \(line) got no answer (\(cause)); up to \(uncertain) orders from there may have gone in"
            case .push:
                return "the push from \(line) was not sent (\(cause))"
            }
        }
    }
}
