import { adminsCard } from "../../cards";
import { partnerName, partnerPeople } from "../../domain/people";
import { plural, range } from "./format";
import { PAGE, type Session } from "./session";
import type { Reply } from "./types";

/** `admins`: the partner's users and their roles (U1). */
export function adminsPage(s: Session, offset: number): Reply {
  const { total, administrators, rows } = partnerPeople(s.q, { offset, limit: PAGE.admins });
  const me = s.ctx.speaker.aadObjectId;
  const roles = `${plural(administrators, "administrator")}, ${plural(total - administrators, "viewer")}`;
  return {
    attachments: [
      adminsCard({
        partnerName: partnerName(s.q),
        summary: total > PAGE.admins || offset > 0 ? `${roles} · ${range(offset, rows.length, total)}` : roles,
        users: rows.map((u) => ({ name: u.aadObjectId === me ? `${u.name} (you)` : u.name, role: u.role === "administrator" ? "Administrator" : "Viewer" })),
        hasMore: rows.length > 0 && offset + rows.length < total,
        nextOffset: offset + rows.length,
        isAdmin: s.isAdmin,
      }),
    ],
  };
}
