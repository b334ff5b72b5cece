import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../helpers/fixtures.ts";
import { eventually, type RunningRuntime, startRuntime } from "../helpers/localRuntime.ts";

const PASSWORD = "attack-test-password-9f3a";
const AUTH = `Basic ${Buffer.from(`bandwidth:${PASSWORD}`).toString("base64")}`;
const URL_PATH = "/bandwidth/v1/notifications";
let runtime: RunningRuntime;

beforeAll(async () => {
  // DEBUG: the most the gateway ever logs, so "never logged" is checked at its widest.
  runtime = await startRuntime({ BANDWIDTH_PASSWORD: PASSWORD, LOG_LEVEL: "DEBUG" });
});
afterAll(() => runtime.stop());

const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${runtime.url}${URL_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/xml", authorization: AUTH, ...headers },
    body,
  });

/** Sends a marker event after the attacks and waits for it, so anything queued before it has arrived too. */
async function settle(): Promise<void> {
  const marker = await post(
    fixture("bandwidth/v1/csrs-complete.xml").replace("20ba7d26", `${Date.now()}`.slice(-8)),
  );
  const { id } = (await marker.json()) as { id: string };
  await eventually(() => runtime.delivered().find((event) => event.id === id));
}

describe("attack corpus against the local pipeline", () => {
  it.each(["xxe-external-entity.xml", "xxe-parameter-entity.xml", "billion-laughs.xml"])(
    "refuses %s with 400 before any entity is read",
    async (file) => {
      const answer = await post(fixture(`attacks/${file}`));
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain("DTD or entity declaration is refused");
    },
  );

  it("never expands an undeclared entity", async () => {
    const answer = await post(fixture("attacks/undeclared-entity.xml"));
    if (answer.status === 200) {
      const { id } = (await answer.json()) as { id: string };
      const event = await eventually(() => runtime.delivered().find((e) => e.id === id));
      expect(JSON.stringify(event)).toContain("&boom;");
    } else {
      expect(answer.status).toBe(400);
    }
  });

  it("refuses an oversized body with 413 and does not read it as XML", async () => {
    const answer = await post(`<Notification>${"<Note>x</Note>".repeat(100_000)}</Notification>`);
    expect(answer.status).toBe(413);
  });

  it("answers a brute force with the same 401 whatever is wrong, and lets none in", async () => {
    const attempts = Array.from({ length: 40 }, (_, index) =>
      post(fixture("bandwidth/v1/orders-complete.xml"), {
        authorization: `Basic ${Buffer.from(index % 2 ? `bandwidth:guess-${index}` : `user-${index}:${PASSWORD}`).toString("base64")}`,
      }),
    );
    const answers = await Promise.all(attempts);
    const bodies = new Set(await Promise.all(answers.map((answer) => answer.text())));
    expect(answers.every((answer) => answer.status === 401)).toBe(true);
    expect(bodies.size).toBe(1);
  });

  it("keeps provider strings from forging log lines", async () => {
    const answer = await post(fixture("attacks/log-injection.xml"));
    expect(answer.status).toBe(200);
    await settle();
    const forged = runtime
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { message?: string })
      .filter((entry) => entry.message === "forged log line");
    expect(forged).toEqual([]);
  });

  it("never logs or queues the password or the Authorization header", async () => {
    await post(fixture("bandwidth/v1/orders-complete.xml"), { authorization: "Basic d3Jvbmc6d3Jvbmc=" });
    await post(fixture("bandwidth/v1/portins-foc.xml"));
    await settle();
    const everything = runtime.output() + JSON.stringify(runtime.delivered());
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(AUTH.slice("Basic ".length));
    expect(everything).not.toContain("d3Jvbmc6d3Jvbmc=");
  });
});
