/** An answer of the order APIs that does not have the published shape. */
export class OrderListFormatError extends Error {
  override name = "OrderListFormatError";
}

/** The run's time budget ran out before an order type's window was read: its checkpoint stays. */
export class ReconcileBudgetError extends Error {
  override name = "ReconcileBudgetError";
}
