import { loadAwsServiceSpecSync } from "@aws-cdk/aws-service-spec";
import { isObject } from "../../lib/json/parseJsonObject.ts";
import type { Template } from "./packageTemplate.ts";

/**
 * Checks a template's resources against the CloudFormation resource specification that AWS CDK
 * maintains and ships as `@aws-cdk/aws-service-spec` (built from the CloudFormation registry
 * schemas, released every few days): unknown resource types and properties, missing required
 * properties, and values of the wrong type. Intrinsic functions (`Ref`, `Fn::…`) are accepted
 * wherever a value is, as CloudFormation resolves them at deploy time.
 */

/** The part of the spec's property types this check reads. */
type SpecType = {
  type: string;
  element?: SpecType;
  types?: SpecType[];
  reference?: { $ref: string };
};
type SpecProperty = { required?: boolean; type: SpecType; previousTypes?: SpecType[] };
type SpecProperties = Record<string, SpecProperty>;

const db = loadAwsServiceSpecSync();

/** Every problem found, as `LogicalId.Path: problem`; empty when the template matches the spec. */
export function specProblems(template: Template): string[] {
  const problems: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const [spec] = db.lookup("resource", "cloudFormationType", "equals", resource.Type);
    if (!spec) {
      problems.push(`${id}: unknown resource type ${resource.Type}`);
      continue;
    }
    problems.push(...objectProblems(spec.properties as SpecProperties, resource.Properties ?? {}, id));
  }
  return problems;
}

function objectProblems(spec: SpecProperties, value: Record<string, unknown>, path: string): string[] {
  const problems: string[] = [];
  for (const [name, property] of Object.entries(spec)) {
    if (property.required && value[name] === undefined) problems.push(`${path}.${name}: required`);
  }
  for (const [name, item] of Object.entries(value)) {
    const property = spec[name];
    if (!property) {
      problems.push(`${path}.${name}: not a property of this type`);
      continue;
    }
    const attempts = [property.type, ...(property.previousTypes ?? [])].map((type) =>
      valueProblems(type, item, `${path}.${name}`),
    );
    if (!attempts.some((found) => found.length === 0)) problems.push(...(attempts[0] ?? []));
  }
  return problems;
}

function valueProblems(type: SpecType, value: unknown, path: string): string[] {
  if (isIntrinsic(value)) return [];
  const wrong = [`${path}: expected ${type.type}, got ${JSON.stringify(value)}`];
  switch (type.type) {
    case "string":
    case "date-time":
      // CloudFormation turns numbers and booleans into strings.
      return ["string", "number", "boolean"].includes(typeof value) ? [] : wrong;
    case "number":
    case "integer":
      return typeof value === "number" || (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value))
        ? []
        : wrong;
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false" ? [] : wrong;
    case "json":
    case "null":
      return [];
    case "tag":
      return isObject(value) ? objectProblems(TAG, value, path) : wrong;
    case "ref": {
      if (!isObject(value) || !type.reference) return wrong;
      const definition = db.get("typeDefinition", type.reference.$ref);
      return objectProblems(definition.properties as SpecProperties, value, path);
    }
    case "array":
      return Array.isArray(value) && type.element
        ? value.flatMap((item, index) => valueProblems(type.element as SpecType, item, `${path}[${index}]`))
        : wrong;
    case "map":
      return isObject(value) && type.element
        ? Object.entries(value).flatMap(([key, item]) =>
            valueProblems(type.element as SpecType, item, `${path}.${key}`),
          )
        : wrong;
    case "union": {
      const attempts = (type.types ?? []).map((member) => valueProblems(member, value, path));
      return attempts.some((found) => found.length === 0) ? [] : (attempts[0] ?? wrong);
    }
    default:
      return [`${path}: the spec has a type this check does not know (${type.type})`];
  }
}

const TAG: SpecProperties = {
  Key: { required: true, type: { type: "string" } },
  Value: { required: true, type: { type: "string" } },
};

/** `{ "Ref": … }` or `{ "Fn::…": … }`: resolved by CloudFormation, not checked here. */
function isIntrinsic(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || (keys[0]?.startsWith("Fn::") ?? false));
}
