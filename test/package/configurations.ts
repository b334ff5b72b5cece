/**
 * Every configuration the package tests read, as [stage, params]: test/globalSetup.ts packages them
 * ahead, while the other files run, and the tests read the same outputs. Each costs one `sls package`
 * (about 4.5 s of CPU), so a configuration is here only for what no other shows:
 * - `test`: the default parameters. serverless.yml has parameters for `default` and `prod` only, so
 *   `dev` (the stage `sls deploy` uses when none is given) packages the same template as `test` but
 *   for the stage's name in resource names; the real-account checks read `test` for both.
 * - `prod`: the prod parameters, as deployed.
 * - `prodWithParams`: prod with every deploy-time parameter a test sets with `--param` (the alarm
 *   e-mail, destinations in YAML); the parameters are independent, so one packaging shows each.
 */
export const CONFIGURATIONS = {
  test: ["test", {}],
  prod: ["prod", {}],
  prodWithParams: [
    "prod",
    {
      alarmEmail: "oncall@example.com",
      destinations: "destinations: [{name: crm, type: http, url: 'https://crm.example.com/hooks'}]",
    },
  ],
} as const satisfies Record<string, readonly [string, Record<string, string>]>;
