/**
 * Every configuration the package tests read, as [stage, params]: test/globalSetup.ts packages them
 * ahead, while the other files run, and the tests read the same outputs.
 */
export const CONFIGURATIONS = {
  test: ["test", {}],
  dev: ["dev", {}],
  prod: ["prod", {}],
  prodWithAlarmEmail: ["prod", { alarmEmail: "oncall@example.com" }],
  prodWithDestinations: [
    "prod",
    { destinations: "destinations: [{name: crm, type: http, url: 'https://crm.example.com/hooks'}]" },
  ],
} as const satisfies Record<string, readonly [string, Record<string, string>]>;
