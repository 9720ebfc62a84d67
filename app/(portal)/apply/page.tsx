import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { getOrganisation } from "@/lib/org/get-organisation";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "依申请公开" };

export default async function ApplyPage() {
  const org = await getOrganisation(getDb());
  return (
    <div className="page">
      <h1 className="page-title">依申请公开</h1>
      <p>
        公民、法人或者其他组织可以向{org.name}申请获取政府信息。当面申请请到{org.address}
        办理（{org.officeHours}）；信函申请请寄至上述地址（邮编{org.postcode}），并在信封左下角注明“政府信息公开申请”字样；传真申请请发送至
        {org.fax}。
      </p>
    </div>
  );
}
