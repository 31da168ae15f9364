/** Unix time in whole seconds, the unit of every Telegram date field. */
export const unixTime = (): number => Math.floor(Date.now() / 1_000);
