import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getOrganisation } from "@/lib/org/get-organisation";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const org = await getOrganisation(getDb());
  return (
    <div className="page">
      <h1 className="page-title">{org.name}政府信息公开</h1>
      <p>
        根据《中华人民共和国政府信息公开条例》，{org.name}在本栏目集中公开政府信息。您可以查阅公开指南、公开制度、法定主动公开内容和年度报告，也可以在线申请公开政府信息。
      </p>
      <ul className="entries">
        <li>
          <Link href="/guide">
            <strong>政府信息公开指南</strong>
            信息分类、获取方式、工作机构和联系方式
          </Link>
        </li>
        <li>
          <Link href="/rules">
            <strong>政府信息公开制度</strong>
            本机关政府信息公开工作制度
          </Link>
        </li>
        <li>
          <Link href="/catalogue">
            <strong>法定主动公开内容</strong>
            按公开目录分类查阅主动公开的政府信息
          </Link>
        </li>
        <li>
          <Link href="/reports">
            <strong>政府信息公开年报</strong>
            历年政府信息公开工作年度报告
          </Link>
        </li>
        <li>
          <Link href="/apply">
            <strong>依申请公开</strong>
            在线提交政府信息公开申请、查询办理进度
          </Link>
        </li>
      </ul>
    </div>
  );
}
