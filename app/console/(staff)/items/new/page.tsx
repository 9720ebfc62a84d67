import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { toChinaDate } from "@/lib/calendar/dates";
import { ItemForm } from "../item-form";
import { createItemAction } from "../actions";

export const metadata: Metadata = { title: "新建信息" };

export default async function NewItemPage() {
  const user = await requirePage("item.draft");
  return (
    <>
      <h1>新建政府信息</h1>
      <div className="card">
        <ItemForm
          user={user}
          action={createItemAction}
          submitLabel="保存草稿"
          values={{
            title: "",
            summary: "",
            bodyHtml: "",
            categoryId: "",
            departmentId: "",
            generatedDate: toChinaDate(new Date()),
            documentNumber: "",
            topic: "综合政务",
            validity: "VALID",
            repealedDate: "",
            disclosureScope: "面向社会",
            channels: ["DISTRICT", "WECHAT", "BOARD"],
            boardIds: [],
            postingFrom: "",
            postingTo: "",
            changeNote: "",
            versionNo: 1,
          }}
        />
      </div>
    </>
  );
}
