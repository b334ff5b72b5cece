// DESTINATIONS for the deployed functions: the `destinations` param as JSON text, whether it was given as
// JSON, as YAML text, or as a mapping under `params` in serverless.yml. The functions then parse it with
// JSON.parse and their bundles leave the YAML parser out (lib/destinations/config.ts). osls calls an
// exported function with its variable resolver ("Reference Variables in Javascript Files",
// https://github.com/oss-serverless/serverless/blob/main/docs/guides/variables.md).
const { parse } = require("yaml");

module.exports = async ({ resolveVariable }) => {
  const value = await resolveVariable("param:destinations");
  if (typeof value !== "string") return JSON.stringify(value);
  try {
    JSON.parse(value);
    return value;
  } catch {
    // Not JSON: YAML, below.
  }
  try {
    return JSON.stringify(parse(value));
  } catch (error) {
    throw new Error(`the destinations param is neither valid JSON nor YAML: ${error.message}`);
  }
};
