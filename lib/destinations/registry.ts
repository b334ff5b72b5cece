import type { DestinationConfig, DestinationDriver } from "./driver.ts";
import { fileDriver } from "./file.ts";
import { httpDriver } from "./http.ts";

// biome-ignore lint/suspicious/noExplicitAny: drivers differ in config and wire format; each is checked where it is defined.
type AnyDriver = DestinationDriver<any, any>;

/** Destination types by name. Adding a type = one driver file + one line here. */
export const DRIVERS: Readonly<Record<string, AnyDriver>> = {
  [httpDriver.type]: httpDriver,
  [fileDriver.type]: fileDriver,
};

/** A configured destination bound to its driver. */
export interface Destination {
  config: DestinationConfig;
  driver: AnyDriver;
}
