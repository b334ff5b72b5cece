import { BandwidthApiError } from "../bandwidthApi/errors.ts";
import { ConfigError } from "../errors.ts";
import { isoTimeOrNull } from "../event/time.ts";
import { logger } from "../log.ts";
import { type OrderState, orderKey } from "../orderState/orderChange.ts";
import type { OrderStateTable } from "../orderState/orderStateTable.ts";
import type { Publisher } from "../queue/publisher.ts";
import type { BandwidthGet } from "./bandwidthRequest.ts";
import { ReconcileBudgetError } from "./errors.ts";
import { type ListedOrder, ORDER_LISTS, PAGE_SIZE, parseOrderPage } from "./orderLists.ts";
import { ORDER_NUMBERS, parseOrderNumbers } from "./orderNumbers.ts";
import { reconciledEvent } from "./reconciledEvent.ts";

export interface ReconcileOptions {
  get: BandwidthGet;
  table: OrderStateTable;
  publisher: Publisher;
  /** Order types to ask about (keys of ORDER_LISTS). */
  orderTypes: readonly string[];
  /** A change younger than this is left for its live notification (and the next run). */
  settleSeconds: number;
  /** How far back the first run of an order type looks, before it has a checkpoint. */
  lookbackSeconds: number;
  /** Epoch ms: no request starts after it; an order type not finished by then keeps its checkpoint. */
  deadline: number;
  pageSize?: number;
  /** At least this long between two requests (Bandwidth publishes no rate for these endpoints). */
  requestIntervalMs?: number;
}

export interface ReconcileResult {
  /** Ids of the events published for changes no notification brought. */
  found: string[];
  /** Order types whose run failed or ran out of time: their checkpoints did not move. */
  failed: string[];
}

/**
 * One reconciliation run: for each order type, the orders Bandwidth says were modified between the
 * type's checkpoint and `now − settle`, page by page, each compared with the order state table; a
 * change the gateway has not seen is published as its canonical event (`details.recoveredBy:
 * "reconciliation"`), with the order's numbers asked of the API (one more paced request per change
 * found, lib/reconcile/orderNumbers.ts). The checkpoint moves only when the whole window was read and every change
 * published; otherwise the next run reads the window again (the table makes that harmless).
 */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const result: ReconcileResult = { found: [], failed: [] };
  const pace = pacer(options.requestIntervalMs ?? 250);
  for (const orderType of options.orderTypes) {
    const checkpointName = `bandwidth#${orderType}`;
    try {
      const now = Date.now();
      const through = new Date(now - options.settleSeconds * 1000).toISOString();
      const from =
        (await options.table.checkpoint(checkpointName)) ??
        new Date(now - options.lookbackSeconds * 1000).toISOString();
      if (from >= through) continue;
      for await (const page of listModified(orderType, from, through, options, pace)) {
        // Younger than the window: the next run compares it. Older: an earlier run did.
        const inWindow = page.flatMap((order) => {
          const modified = isoTimeOrNull(order.lastModifiedDate);
          return modified && (modified <= from || modified > through) ? [] : [{ order, modified }];
        });
        // One eventually consistent batch read per page, not one read per order.
        const stored = await options.table.getMany(
          inWindow.map(({ order }) => orderKey("bandwidth", order.orderId)),
        );
        for (const { order, modified } of inWindow) {
          if (seen(stored.get(orderKey("bandwidth", order.orderId)), order, modified)) continue;
          const phoneNumbers = await numbersOf(orderType, order.orderId, options, pace);
          const event = reconciledEvent(orderType, order, new Date().toISOString(), phoneNumbers);
          await options.publisher.publish(event, Math.min(options.deadline, Date.now() + 5000));
          result.found.push(event.id);
          logger.warn("reconciliation found a missed change", {
            eventId: event.id,
            orderType,
            orderId: order.orderId,
            status: order.status,
          });
        }
      }
      await options.table.saveCheckpoint(checkpointName, through);
    } catch (error) {
      result.failed.push(orderType);
      logger.error("reconciliation failed", { orderType, error });
    }
  }
  return result;
}

/** Whether the gateway has seen this state of the order, or a newer one. */
function seen(stored: OrderState | undefined, order: ListedOrder, modified: string | null): boolean {
  if (!stored) return false;
  return stored.status === order.status.toUpperCase() || (modified !== null && stored.changedAt >= modified);
}

/** The orders of one type modified in the window's days, a page at a time, following `<Links><next>`. */
async function* listModified(
  orderType: string,
  from: string,
  through: string,
  options: ReconcileOptions,
  pace: () => Promise<void>,
): AsyncGenerator<ListedOrder[]> {
  const list = ORDER_LISTS[orderType];
  if (!list) throw new ConfigError("RECONCILE_ORDER_TYPES", `has no order list for ${orderType}`);
  let page: string | null = "1";
  while (page !== null) {
    // The spec's date filters are whole days (yyyy-MM-dd); the exact window is applied per order.
    const query = new URLSearchParams({
      page,
      size: String(options.pageSize ?? PAGE_SIZE),
      startdate: from.slice(0, 10),
      enddate: through.slice(0, 10),
    });
    let xml: string;
    try {
      xml = await withRetryAfter(() => options.get(list.path, query), options.deadline, pace);
    } catch (error) {
      if (list.emptyOn404 && error instanceof BandwidthApiError && error.status === 404) return;
      throw error;
    }
    const { orders, nextPage } = parseOrderPage(xml);
    yield orders;
    page = nextPage;
  }
}

/**
 * The order's numbers, where the API lists them (not for port-outs); an order the API answers 404 for
 * goes without numbers rather than never. Any other failure fails the order type's run, like a page's.
 */
async function numbersOf(
  orderType: string,
  orderId: string,
  options: ReconcileOptions,
  pace: () => Promise<void>,
): Promise<string[]> {
  const path = ORDER_NUMBERS[orderType];
  if (!path) return [];
  try {
    const xml = await withRetryAfter(
      () => options.get(path(orderId), new URLSearchParams()),
      options.deadline,
      pace,
    );
    return parseOrderNumbers(xml);
  } catch (error) {
    if (error instanceof BandwidthApiError && error.status === 404) return [];
    throw error;
  }
}

/** One request, paced; a 429 or 503 with `Retry-After` is waited out and asked again while the deadline allows. */
async function withRetryAfter<T>(
  request: () => Promise<T>,
  deadline: number,
  pace: () => Promise<void>,
): Promise<T> {
  for (;;) {
    await pace();
    if (Date.now() >= deadline) throw new ReconcileBudgetError("out of time for this run");
    try {
      return await request();
    } catch (error) {
      const waitMs = error instanceof BandwidthApiError ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
      if (waitMs === 0 || Date.now() + waitMs >= deadline) throw error;
      logger.info("Bandwidth asked to wait", { waitMs });
      await new Promise((done) => setTimeout(done, waitMs));
    }
  }
}

/**
 * Resolves no sooner than `intervalMs` after the previous call resolved, that is after the previous
 * request started: at most one request starts per interval, and an answer slower than the interval
 * is not waited for again (a page takes max(answer, interval), not their sum).
 */
function pacer(intervalMs: number): () => Promise<void> {
  let last = 0;
  return async () => {
    const wait = last + intervalMs - Date.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    last = Date.now();
  };
}
