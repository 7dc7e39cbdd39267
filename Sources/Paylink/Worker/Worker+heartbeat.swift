/// What the process's `Heartbeat` reports of each worker.
extension Worker {
    /// Orders this worker holds now.
    var ordersInFlight: Int { gate.count }
    /// Final results this worker stored since it started.
    var ordersDone: Int { processor.acknowledgements.storedCount }
}
