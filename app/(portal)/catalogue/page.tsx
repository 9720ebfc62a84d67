import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getCategoryTree, getOrganisation, type CategoryNode } from "@/lib/org/get-organisation";
import { portalMetadata } from "../portal-metadata";

export const dynamic = "force-dynamic";
export function generateMetadata(): Promise<Metadata> {
  return portalMetadata({ title: "法定主动公开内容", column: { name: "法定主动公开内容", description: "按政府信息公开目录分类公开的主动公开政府信息" } });
}

function Tree({ nodes }: { nodes: CategoryNode[] }) {
  return (
    <ul>
      {nodes.map((n) => (
        <li key={n.id}>
          <Link href={`/catalogue/${n.code}`}>{n.name}</Link>
          {n.description && <span className="muted">　{n.description}</span>}
          {n.children.length > 0 && <Tree nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}

export default async function CataloguePage() {
  const db = getDb();
  const org = await getOrganisation(db);
  const tree = await getCategoryTree(db, org.id);
  return (
    <div className="page">
      <h1 className="page-title">法定主动公开内容</h1>
      <p>本栏目按公开目录分类公开{org.name}主动公开的政府信息。</p>
      <Tree nodes={tree} />
    </div>
  );
}
