const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/**
 * A fresh snowflake, built like Discord's: milliseconds since the Discord epoch shifted left 22 bits,
 * plus a per-process increment. Today that is 19 digits; discord.js parses IDs as BigInt and buckets
 * routes by `\d{17,19}`, so made-up short IDs would misbehave.
 */
export function nextSnowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | increment).toString();
}
