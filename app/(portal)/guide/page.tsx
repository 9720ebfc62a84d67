import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { getCategoryTree, getOrganisation } from "@/lib/org/get-organisation";
import { buildGuide } from "@/lib/org/guide";
import { portalMetadata } from "../portal-metadata";

export const dynamic = "force-dynamic";
export function generateMetadata(): Promise<Metadata> {
  return portalMetadata({ title: "政府信息公开指南", column: { name: "政府信息公开指南", description: "政府信息的分类与编排、获取方式、工作机构及联系方式" } });
}

export default async function GuidePage() {
  const db = getDb();
  const org = await getOrganisation(db);
  const sections = buildGuide(org, await getCategoryTree(db, org.id));
  return (
    <article className="page">
      <h1 className="page-title">{org.name}政府信息公开指南</h1>
      {sections.map((s) => (
        <section key={s.heading} aria-labelledby={`h-${s.heading}`}>
          <h2 id={`h-${s.heading}`}>{s.heading}</h2>
          {s.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
          {s.list && (
            <ol>
              {s.list.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ol>
          )}
          {s.rows && (
            <table className="meta">
              <tbody>
                {s.rows.map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row">{k}</th>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </article>
  );
}
