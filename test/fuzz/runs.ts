/** Property-test runs: modest in `npm test`, many more in `npm run test:fuzz` (FUZZ_RUNS). */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
