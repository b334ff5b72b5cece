import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { HandlerRef } from "./template.ts";

/** The function a template's `handler: file.export` names, imported from the project root. */
export async function loadHandler<T>(root: string, ref: HandlerRef): Promise<T> {
  const module = (await import(pathToFileURL(resolve(root, ref.file)).href)) as Record<string, unknown>;
  const handler = module[ref.exportName];
  if (typeof handler !== "function")
    throw new Error(`${ref.file} does not export a function named ${ref.exportName}`);
  return handler as T;
}
