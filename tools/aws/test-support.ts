/** Helpers for the adapters' tests: SDK-shaped errors and client config that never looks for credentials. */

/** Region and static credentials for clients whose `send` is mocked. */
export const TEST_CLIENT_CONFIG = {
  region: "eu-west-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
};

/** An error shaped like the SDK's service exceptions (`name`, `$metadata`). */
export function awsError(name: string, message = name, httpStatusCode = 400, attempts = 1): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode, attempts } });
}

/** A fake clock: `sleep` advances time instead of waiting. */
export function fakeClock(start = Date.parse("2026-03-01T12:00:00Z")) {
  let ms = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(ms),
    sleep: async (d: number) => {
      sleeps.push(d);
      ms += d;
    },
    advance: (d: number) => {
      ms += d;
    },
  };
}
