import { describe, expect, it } from "vitest";
import { dayInZone } from "../../domain/dates";

/** The partner's "today" decides every 31-day rule, so the day must be the zone's, not the server's. */
describe("dayInZone: the calendar day an instant falls on in the partner's time zone", () => {
  it("is the zone's day on both sides of the date line and of UTC midnight", () => {
    const lateUtc = new Date("2026-11-28T23:30:00Z");
    expect(dayInZone(lateUtc, "UTC")).toBe("2026-11-28");
    expect(dayInZone(lateUtc, "Europe/Berlin")).toBe("2026-11-29");
    expect(dayInZone(lateUtc, "Pacific/Kiritimati")).toBe("2026-11-29"); // UTC+14
    expect(dayInZone(new Date("2026-11-28T10:30:00Z"), "Pacific/Kiritimati")).toBe("2026-11-29");
    expect(dayInZone(new Date("2026-11-28T10:30:00Z"), "Pacific/Pago_Pago")).toBe("2026-11-27"); // UTC-11
  });

  it("follows daylight saving and half-hour zones to the minute", () => {
    // Berlin is UTC+2 in summer, UTC+1 in winter; Kathmandu UTC+5:45; St John's UTC-3:30 in winter.
    expect(dayInZone(new Date("2026-07-01T21:59:00Z"), "Europe/Berlin")).toBe("2026-07-01");
    expect(dayInZone(new Date("2026-07-01T22:00:00Z"), "Europe/Berlin")).toBe("2026-07-02");
    expect(dayInZone(new Date("2026-01-01T22:59:00Z"), "Europe/Berlin")).toBe("2026-01-01");
    expect(dayInZone(new Date("2026-01-01T23:00:00Z"), "Europe/Berlin")).toBe("2026-01-02");
    expect(dayInZone(new Date("2026-03-01T18:14:00Z"), "Asia/Kathmandu")).toBe("2026-03-01");
    expect(dayInZone(new Date("2026-03-01T18:15:00Z"), "Asia/Kathmandu")).toBe("2026-03-02");
    expect(dayInZone(new Date("2026-01-02T03:29:00Z"), "America/St_Johns")).toBe("2026-01-01");
    expect(dayInZone(new Date("2026-01-02T03:30:00Z"), "America/St_Johns")).toBe("2026-01-02");
  });
});
