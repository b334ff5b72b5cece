/** The numbers of a v1 notification, and the number-bearing elements that could not be read. */
export interface NotificationNumbers {
  /** As sent (LEGACY 10-digit or E.164), in document order. */
  numbers: string[];
  /** Paths of elements that look like they hold numbers but have no documented shape. */
  unreadable: string[];
}

/**
 * The documented number containers:
 * - `CompletedTelephoneNumbers/TelephoneNumber*` (orders; Bandwidth docs `site/docs/numbers/orderWebhook.md`
 *   and the `/callbacks/notificationCallbackApi` example in `site/specs/numbers.yml`);
 * - `ImpactedTelephoneNumbers/TelephoneNumber*` (events; `site/docs/numbers/eventWebhook.md`);
 * - `CompletedTelephoneNumbers/TelephoneNumbers*`, each holding one number: the `byEvent` and
 *   `byOrderType` callback schemas of `POST /accounts/{accountId}/subscriptions` in
 *   `site/specs/numbers.yml` declare `TelephoneNumbers` as an array of strings, which OpenAPI
 *   writes in XML as one repeated element per item. A wrapped `TelephoneNumbers/TelephoneNumber*`
 *   is read too.
 */
const CONTAINERS = ["CompletedTelephoneNumbers", "ImpactedTelephoneNumbers"];
/** Element names that suggest phone numbers: a root element like this that is not a known container is flagged. */
const NUMBER_LIKE = /(TelephoneNumber|PhoneNumber|Tn)s?$/i;

/**
 * Reads the numbers of a parsed `<Notification>` element from every documented container shape.
 * Anything number-like that has another shape is reported in `unreadable` (the numbers stay in the
 * provider payload), never silently dropped. Pure.
 */
export function readNotificationNumbers(notification: Record<string, unknown>): NotificationNumbers {
  const found: NotificationNumbers = { numbers: [], unreadable: [] };
  for (const [name, value] of Object.entries(notification)) {
    if (CONTAINERS.includes(name))
      for (const container of asList(value)) readContainer(container, name, found);
    else if (NUMBER_LIKE.test(name)) found.unreadable.push(name);
  }
  found.unreadable = [...new Set(found.unreadable)];
  return found;
}

function readContainer(container: unknown, path: string, found: NotificationNumbers): void {
  if (container === "") return;
  if (typeof container !== "object" || container === null) {
    found.unreadable.push(path);
    return;
  }
  for (const [name, value] of Object.entries(container)) {
    const at = `${path}/${name}`;
    if (name === "TelephoneNumber") readNumbers(value, at, found);
    else if (name === "TelephoneNumbers") {
      for (const item of asList(value)) {
        if (typeof item === "object" && item !== null && "TelephoneNumber" in item)
          readContainer(item, at, found);
        else readNumbers(item, at, found);
      }
    } else found.unreadable.push(at);
  }
}

function readNumbers(value: unknown, path: string, found: NotificationNumbers): void {
  for (const item of asList(value)) {
    if (typeof item === "string") {
      if (item !== "") found.numbers.push(item);
    } else found.unreadable.push(path);
  }
}

/** fast-xml-parser gives a repeated element as an array and a single one as the value itself. */
function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
