import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { getItemForUser } from "@/lib/items/item-queries";
import { ItemForm } from "../../item-form";
import { updateItemAction } from "../../actions";

export const metadata: Metadata = { title: "修改信息" };

export default async function EditItemPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("item.draft");
  const { id } = await params;
  const item = await getItemForUser(getDb(), user, id).catch((e) => {
    if (isAppError(e)) notFound();
    throw e;
  });
  const v = item.versions.find((x) => x.number === item.workingVersionNo)!;
  const d = (x: Date | null) => (x ? x.toISOString().slice(0, 10) : "");
  return (
    <>
      <h1>{v.number > 1 ? `修订：${v.title}` : `修改：${v.title}`}</h1>
      {item.state !== "DRAFT" && <div className="notice bad">当前状态下不能修改，请先退回修改。</div>}
      <div className="card">
        <ItemForm
          user={user}
          action={updateItemAction}
          submitLabel="保存"
          values={{
            itemId: item.id,
            title: v.title,
            summary: v.summary,
            bodyHtml: v.bodyHtml,
            categoryId: item.categoryId,
            departmentId: item.departmentId,
            generatedDate: d(v.generatedDate),
            documentNumber: v.documentNumber ?? "",
            topic: v.topic,
            validity: v.validity,
            repealedDate: d(v.repealedDate),
            disclosureScope: v.disclosureScope,
            channels: item.channels,
            boardIds: item.boards.map((b) => b.boardId),
            postingFrom: d(item.postingFrom),
            postingTo: d(item.postingTo),
            changeNote: v.changeNote ?? "",
            versionNo: v.number,
          }}
        />
      </div>
    </>
  );
}
