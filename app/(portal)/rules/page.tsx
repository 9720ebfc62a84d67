import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { getOrganisation } from "@/lib/org/get-organisation";
import { portalMetadata } from "../portal-metadata";

export const dynamic = "force-dynamic";
export function generateMetadata(): Promise<Metadata> {
  return portalMetadata({ title: "政府信息公开制度", column: { name: "政府信息公开制度", description: "主动公开、依申请公开、保密审查和监督检查工作制度" } });
}

export default async function RulesPage() {
  const org = await getOrganisation(getDb());
  return (
    <article className="page">
      <h1 className="page-title">政府信息公开制度</h1>
      <h2>一、主动公开工作程序</h2>
      <p>
        相关科室、单位在产生应主动公开的政府信息后，需于5日内由科室、单位负责人签字，提交{org.name}
        党政办公室审核。党政办公室对信息的内容、形式进行审查，并进行保密审查，坚持“公开的信息不泄密，泄密的信息不公开”。经审批后，由党政办公室于10日内在淄博高新区政府信息公开系统及有关网站上公开，并同步通过微信公众号和政务公开栏发布。
      </p>
      <p>政府信息应当自该信息形成或者变更之日起20个工作日内予以公开。</p>
      <h2>二、依申请公开工作程序</h2>
      <p>
        党政办公室统一受理政府信息公开申请，登记后按照《中华人民共和国政府信息公开条例》规定的期限和方式办理答复，并对办理过程留存记录。
      </p>
      <h2>三、保密审查制度</h2>
      <p>拟公开的政府信息在公开前须经保密审查；涉及国家秘密、商业秘密、个人隐私的信息，依法不予公开。</p>
      <h2>四、监督检查制度</h2>
      <p>
        采取定期和不定期检查相结合的方法，对各科室、单位政府信息公开工作的组织领导、公开内容、公开形式、公开期限等方面落实情况进行监督检查。
      </p>
    </article>
  );
}
