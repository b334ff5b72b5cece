import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { CanonicalEvent } from "../../lib/event/canonical.ts";
import schema from "../../lib/event/canonical-event.v1.schema.json" with { type: "json" };

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** Throws with every schema violation listed unless the event matches the published JSON Schema. */
export function assertValidEvent(event: CanonicalEvent): void {
  if (!validate(event)) {
    throw new Error(
      `event ${event.id} violates the schema:\n${ajv.errorsText(validate.errors, { separator: "\n" })}`,
    );
  }
}
