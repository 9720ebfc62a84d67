import Link from "next/link";
import { calendarAlert } from "@/lib/calendar/provisional";
import { toChinaDate } from "@/lib/calendar/dates";
import { loadWorkingCalendar } from "@/lib/calendar/load-calendar";
import { getDb } from "@/lib/db/client";

/** From 1 November until next year's holiday schedule is known: the reminder for administrators. */
export async function CalendarAlertBanner({ link = true }: { link?: boolean }) {
  const alert = calendarAlert(await loadWorkingCalendar(getDb()), toChinaDate(new Date()));
  if (!alert) return null;
  return (
    <div className="notice bad" data-testid="calendar-alert">
      {alert.message}
      {link && (
        <>
          {" "}
          <Link href="/console/admin/calendar">前往工作日历录入</Link>
        </>
      )}
    </div>
  );
}
