import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/config/env";
import { getOrganisation } from "@/lib/org/get-organisation";
import { ApplyForm } from "./apply-form";
import { newCaptcha } from "./helpers";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "依申请公开" };

export default async function ApplyPage() {
  const org = await getOrganisation(getDb());
  const captcha = await newCaptcha();
  return (
    <div className="page">
      <h1 className="page-title">依申请公开</h1>
      <p>
        公民、法人或者其他组织可以向{org.name}申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条）。本机关自收到申请之日起20个工作日内予以答复；需要延长答复期限的，将书面告知，延长的期限最长不超过20个工作日。
      </p>
      <p>
        已提交申请的，可凭申请编号和联系电话后四位<Link href="/track">查询办理进度</Link>、提交补正材料和下载答复文书。
      </p>
      <details>
        <summary>其他申请方式</summary>
        <p>
          当面申请请到{org.address}办理（{org.officeHours}）；信函申请请寄至上述地址（邮编{org.postcode}），并在信封左下角注明“政府信息公开申请”字样；传真申请请发送至
          {org.fax}。咨询电话：{org.phone}。
        </p>
      </details>

      <h2>网上申请</h2>
      <p className="hint">标注“必填”的项目必须填写。个人信息仅用于办理本申请，本机关依法予以保护。</p>
      <ApplyForm captcha={captcha} maxMb={getEnv().APPLICATION_ATTACHMENT_MAX_MB} />
    </div>
  );
}
