import { DECI_STARS_PER_STAR } from "./limits.js";

/**
 * A bot's Telegram Star balance, which pays for paid broadcasts. Amounts are integers of 0.1 Star
 * ("deci-stars"), the price of one paid message, so no floating-point sum ever drifts.
 * Unlimited until a test sets it, so emulators that never think about Stars never run out.
 */
export interface StarBalance {
  /** What is left, in tenths of a Star; undefined while unlimited. */
  remainingDeciStars(): number | undefined;
  /** Sets what is left in tenths of a Star, or undefined for unlimited. */
  set(deciStars: number | undefined): void;
  /** Whether `deciStars` can be paid now. */
  canPay(deciStars: number): boolean;
  /** Takes `deciStars` from the balance (unlimited stays unlimited) and adds them to what was spent. */
  spend(deciStars: number): void;
  /** Everything spent since the emulator started, in tenths of a Star. */
  spentDeciStars(): number;
}

/** Creates an unlimited balance. */
export function createStarBalance(): StarBalance {
  let remaining: number | undefined;
  let spent = 0;
  return {
    remainingDeciStars: () => remaining,
    set(deciStars) {
      if (deciStars !== undefined && (!Number.isInteger(deciStars) || deciStars < 0)) {
        throw new RangeError(`a Star balance is a whole number of 0.1 Star, not ${deciStars}`);
      }
      remaining = deciStars;
    },
    canPay: (deciStars) => remaining === undefined || remaining >= deciStars,
    spend(deciStars) {
      if (remaining !== undefined) remaining -= deciStars;
      spent += deciStars;
    },
    spentDeciStars: () => spent,
  };
}

/** Stars with at most one decimal (as the control API takes them) to tenths of a Star; undefined if not such an amount. */
export function starsToDeciStars(stars: number): number | undefined {
  const deciStars = Math.round(stars * DECI_STARS_PER_STAR);
  return Number.isFinite(stars) && stars >= 0 && Math.abs(deciStars - stars * DECI_STARS_PER_STAR) < 1e-9 ? deciStars : undefined;
}

/** Tenths of a Star to Stars, for reading back (1 -> 0.1). */
export const deciStarsToStars = (deciStars: number): number => deciStars / DECI_STARS_PER_STAR;
