import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getOrganisation } from "@/lib/org/get-organisation";
import { ActionForm } from "../../../components/action-form";
import { updateOrganisationAction, updateSiteSettingsAction } from "../departments/actions";
import { getSiteSettings } from "@/lib/portal/site-settings";
import { DisclosureWorkPanel } from "./disclosure-work-panel";

const SITE_FIELDS: [key: string, label: string, hint?: string][] = [
  ["siteName", "网站名称（SiteName）"],
  ["siteDomain", "网站域名（SiteDomain）"],
  ["siteIdCode", "网站标识码（SiteIDCode）", "由全国政府网站信息报送系统分配的10位数字。"],
  ["columnType", "栏目类型（ColumnType）"],
  ["keywords", "关键词（ColumnKeywords）", "用英文逗号分隔。"],
  ["description", "网站描述"],
];

export const metadata: Metadata = { title: "单位信息" };

const FIELDS: [key: string, label: string, hint?: string][] = [
  ["name", "单位名称"],
  ["creditCode", "统一社会信用代码", "用作索引号前段码；已生成的索引号不会因修改而改变。"],
  ["superior", "上级机关"],
  ["address", "办公地址"],
  ["postcode", "邮政编码"],
  ["officeHours", "办公时间"],
  ["phone", "联系电话"],
  ["fax", "传真"],
  ["email", "电子邮箱"],
  ["website", "网站地址"],
];

export default async function OrganisationPage() {
  await requirePage("admin.settings");
  const org = await getOrganisation(getDb());
  const site = await getSiteSettings(getDb(), org.name);
  return (
    <>
      <h1>单位信息</h1>
      <p className="muted">以下信息用于生成政府信息公开指南和网站页脚。</p>
      <div className="card">
        <ActionForm action={updateOrganisationAction} submitLabel="保存">
          <input type="hidden" name="id" value={org.id} />
          {FIELDS.map(([key, label, hint]) => (
            <div className="field" key={key}>
              <label htmlFor={key}>{label}</label>
              <input id={key} name={key} type="text" defaultValue={String(org[key as keyof typeof org] ?? "")} required />
              {hint && <p className="hint">{hint}</p>}
            </div>
          ))}
        </ActionForm>
      </div>
      <h2>网站标识</h2>
      <p className="muted">用于门户网站页面的集约化平台元数据（meta）标签。</p>
      <div className="card">
        <ActionForm action={updateSiteSettingsAction} submitLabel="保存网站标识" testId="site-settings">
          {SITE_FIELDS.map(([key, label, hint]) => (
            <div className="field" key={key}>
              <label htmlFor={`site-${key}`}>{label}</label>
              <input id={`site-${key}`} name={key} type="text" defaultValue={site[key as keyof typeof site]} />
              {hint && <p className="hint">{hint}</p>}
            </div>
          ))}
        </ActionForm>
      </div>
      <DisclosureWorkPanel />
    </>
  );
}
