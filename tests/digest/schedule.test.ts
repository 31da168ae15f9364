import { describe, expect, it } from "vitest";
import { isValidTimeZone, localDate, nextRunAt, parseLocalTime } from "../../src/digest/schedule.js";

const HOUR_MS = 3_600_000;

/** Shorthand: nextRunAt with ISO strings in and out, so expectations read like a timetable. */
function next(localTime: string, timeZone: string, afterIso: string): string {
  return new Date(nextRunAt(localTime, timeZone, Date.parse(afterIso))).toISOString();
}

/** What the wall clock in `timeZone` shows at `ms`, as "HH:MM". */
function wallTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hourCycle: "h23", hour: "2-digit", minute: "2-digit" }).format(ms);
}

describe("parseLocalTime", () => {
  it("normalizes one- and two-digit hours", () => {
    expect(parseLocalTime("8:05")).toBe("08:05");
    expect(parseLocalTime("08:05")).toBe("08:05");
    expect(parseLocalTime(" 23:59 ")).toBe("23:59");
    expect(parseLocalTime("0:00")).toBe("00:00");
  });

  it("rejects anything that is not a time of day", () => {
    for (const text of ["24:00", "12:60", "8:5", "805", "08-05", "", "ab:cd", "123:00", "-1:00"]) {
      expect(parseLocalTime(text), text).toBeUndefined();
    }
  });
});

describe("isValidTimeZone", () => {
  it("accepts IANA names and UTC", () => {
    for (const zone of ["Europe/Moscow", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"]) {
      expect(isValidTimeZone(zone), zone).toBe(true);
    }
  });

  it("rejects unknown names", () => {
    for (const zone of ["Mars/Olympus", "", "  ", "Europe/Moskva"]) {
      expect(isValidTimeZone(zone), zone).toBe(false);
    }
  });
});

describe("localDate", () => {
  it("reports the date the local wall clock shows", () => {
    const instant = Date.parse("2026-03-08T04:59:00Z");
    expect(localDate(instant, "America/New_York")).toBe("2026-03-07");
    expect(localDate(instant, "Europe/Moscow")).toBe("2026-03-08");
    expect(localDate(Date.parse("2026-12-31T18:15:00Z"), "Asia/Kathmandu")).toBe("2027-01-01");
    expect(localDate(Date.parse("2026-12-31T18:14:59Z"), "Asia/Kathmandu")).toBe("2026-12-31");
  });
});

describe("nextRunAt", () => {
  it("finds today's slot in a zone without DST (Europe/Moscow, UTC+3)", () => {
    expect(next("08:00", "Europe/Moscow", "2026-03-10T04:00:00Z")).toBe("2026-03-10T05:00:00.000Z");
    expect(next("8:00", "Europe/Moscow", "2026-03-10T04:59:59.999Z")).toBe("2026-03-10T05:00:00.000Z");
  });

  it("is strictly after the given instant", () => {
    expect(next("08:00", "Europe/Moscow", "2026-03-10T05:00:00Z")).toBe("2026-03-11T05:00:00.000Z");
    expect(next("08:00", "Europe/Moscow", "2026-03-10T05:00:00.001Z")).toBe("2026-03-11T05:00:00.000Z");
  });

  it("rolls over month and year ends", () => {
    expect(next("00:00", "Europe/Moscow", "2026-12-31T21:00:00Z")).toBe("2027-01-01T21:00:00.000Z");
    expect(next("00:00", "Europe/Moscow", "2026-12-31T20:59:00Z")).toBe("2026-12-31T21:00:00.000Z");
    expect(next("23:59", "UTC", "2028-02-28T23:59:00Z")).toBe("2028-02-29T23:59:00.000Z");
  });

  it("handles half-hour and quarter-hour offsets (Asia/Kathmandu, UTC+5:45)", () => {
    expect(next("08:00", "Asia/Kathmandu", "2026-06-01T00:00:00Z")).toBe("2026-06-01T02:15:00.000Z");
    expect(next("00:00", "Asia/Kathmandu", "2026-06-01T00:00:00Z")).toBe("2026-06-01T18:15:00.000Z");
  });

  describe("America/New_York, spring forward on 2026-03-08 (02:00 EST → 03:00 EDT)", () => {
    it("switches from UTC−5 to UTC−4 for a normal morning slot", () => {
      expect(next("08:00", "America/New_York", "2026-03-07T00:00:00Z")).toBe("2026-03-07T13:00:00.000Z");
      expect(next("08:00", "America/New_York", "2026-03-07T13:00:00Z")).toBe("2026-03-08T12:00:00.000Z");
      expect(next("08:00", "America/New_York", "2026-03-08T12:00:00Z")).toBe("2026-03-09T12:00:00.000Z");
    });

    it("runs a skipped time at the first valid instant after the gap", () => {
      expect(next("02:30", "America/New_York", "2026-03-08T05:00:00Z")).toBe("2026-03-08T07:00:00.000Z");
      expect(next("02:00", "America/New_York", "2026-03-08T05:00:00Z")).toBe("2026-03-08T07:00:00.000Z");
      expect(wallTime(Date.parse("2026-03-08T07:00:00Z"), "America/New_York")).toBe("03:00");
    });

    it("keeps the times around the gap", () => {
      expect(next("01:59", "America/New_York", "2026-03-08T05:00:00Z")).toBe("2026-03-08T06:59:00.000Z");
      expect(next("03:00", "America/New_York", "2026-03-08T05:00:00Z")).toBe("2026-03-08T07:00:00.000Z");
      expect(next("03:01", "America/New_York", "2026-03-08T05:00:00Z")).toBe("2026-03-08T07:01:00.000Z");
    });

    it("does not run the skipped slot twice and resumes the next day", () => {
      expect(next("02:30", "America/New_York", "2026-03-08T07:00:00Z")).toBe("2026-03-09T06:30:00.000Z");
    });
  });

  describe("America/New_York, fall back on 2026-11-01 (02:00 EDT → 01:00 EST)", () => {
    it("runs a repeated time at its first occurrence only", () => {
      expect(next("01:30", "America/New_York", "2026-11-01T04:00:00Z")).toBe("2026-11-01T05:30:00.000Z");
      // Between the two occurrences and at the first one: the second 01:30 is skipped.
      expect(next("01:30", "America/New_York", "2026-11-01T05:30:00Z")).toBe("2026-11-02T06:30:00.000Z");
      expect(next("01:30", "America/New_York", "2026-11-01T06:00:00Z")).toBe("2026-11-02T06:30:00.000Z");
    });

    it("switches from UTC−4 to UTC−5 for a normal morning slot", () => {
      expect(next("08:00", "America/New_York", "2026-10-31T12:00:00Z")).toBe("2026-11-01T13:00:00.000Z");
      expect(next("08:00", "America/New_York", "2026-10-31T11:00:00Z")).toBe("2026-10-31T12:00:00.000Z");
    });
  });

  describe("Europe/Berlin", () => {
    it("spring forward on 2026-03-29: 02:30 does not exist, runs at 03:00 CEST", () => {
      expect(next("02:30", "Europe/Berlin", "2026-03-29T00:00:00Z")).toBe("2026-03-29T01:00:00.000Z");
      expect(next("07:00", "Europe/Berlin", "2026-03-28T12:00:00Z")).toBe("2026-03-29T05:00:00.000Z");
    });

    it("fall back on 2026-10-25: 02:30 runs once, in summer time", () => {
      expect(next("02:30", "Europe/Berlin", "2026-10-24T23:00:00Z")).toBe("2026-10-25T00:30:00.000Z");
      expect(next("02:30", "Europe/Berlin", "2026-10-25T00:30:00Z")).toBe("2026-10-26T01:30:00.000Z");
    });
  });

  describe("zones with unusual DST", () => {
    it("Australia/Lord_Howe: a 30-minute spring forward on 2026-10-04 (02:00 → 02:30)", () => {
      expect(next("02:15", "Australia/Lord_Howe", "2026-10-03T12:00:00Z")).toBe("2026-10-03T15:30:00.000Z");
      expect(next("02:30", "Australia/Lord_Howe", "2026-10-03T12:00:00Z")).toBe("2026-10-03T15:30:00.000Z");
      expect(next("01:59", "Australia/Lord_Howe", "2026-10-03T12:00:00Z")).toBe("2026-10-03T15:29:00.000Z");
    });

    it("Australia/Lord_Howe: a 30-minute fall back on 2026-04-05 (02:00 → 01:30)", () => {
      expect(next("01:45", "Australia/Lord_Howe", "2026-04-04T12:00:00Z")).toBe("2026-04-04T14:45:00.000Z");
      expect(next("01:45", "Australia/Lord_Howe", "2026-04-04T14:45:00Z")).toBe("2026-04-05T15:15:00.000Z");
    });

    it("Pacific/Chatham: UTC+12:45 springs forward at 02:45 on 2026-09-27", () => {
      expect(next("03:00", "Pacific/Chatham", "2026-09-26T12:00:00Z")).toBe("2026-09-26T14:00:00.000Z");
      expect(next("08:00", "Pacific/Chatham", "2026-09-25T12:00:00Z")).toBe("2026-09-25T19:15:00.000Z");
      expect(next("08:00", "Pacific/Chatham", "2026-09-26T12:00:00Z")).toBe("2026-09-26T18:15:00.000Z");
    });

    it("America/Santiago: falls back at midnight, yesterday's late slot is not repeated", () => {
      // 2026-04-05 00:00 −03 becomes 2026-04-04 23:00 −04, so 23:30 on the 4th shows twice.
      expect(next("23:30", "America/Santiago", "2026-04-05T02:00:00Z")).toBe("2026-04-05T02:30:00.000Z");
      expect(next("23:30", "America/Santiago", "2026-04-05T02:30:00Z")).toBe("2026-04-06T03:30:00.000Z");
    });
  });

  it("walks one run per local day through a year of DST changes", () => {
    const zones = ["Europe/Moscow", "America/New_York", "Asia/Kathmandu", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham"];
    for (const zone of zones) {
      for (const slot of ["00:00", "02:30", "08:15", "23:45"]) {
        let previous = Date.parse("2026-01-01T00:00:00Z");
        let previousDate = localDate(previous, zone);
        for (let day = 0; day < 370; day += 1) {
          const run = nextRunAt(slot, zone, previous);
          const runDate = localDate(run, zone);
          expect(run).toBeGreaterThan(previous);
          expect(run - previous, `${zone} ${slot} after ${new Date(previous).toISOString()}`).toBeLessThanOrEqual(26 * HOUR_MS);
          if (day > 0) {
            // Each run lands on the local day after the previous one.
            const expected = new Date(Date.parse(`${previousDate}T00:00:00Z`) + 24 * HOUR_MS).toISOString().slice(0, 10);
            expect(runDate, `${zone} ${slot}`).toBe(expected);
          }
          const shown = wallTime(run, zone);
          // Only inside a spring-forward gap may the wall clock differ from the slot.
          if (shown !== slot) expect(run - previous, `${zone} ${slot} ${shown}`).toBeLessThan(24 * HOUR_MS);
          previous = run;
          previousDate = runDate;
        }
      }
    }
  });

  it("rejects malformed times and unknown zones", () => {
    expect(() => nextRunAt("25:00", "Europe/Moscow", 0)).toThrow(RangeError);
    expect(() => nextRunAt("08:00", "Mars/Olympus", 0)).toThrow(RangeError);
  });
});
