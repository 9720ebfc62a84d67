import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="sign-in" id="main">
      <h1>无权访问</h1>
      <p>您的账号没有访问此页面的权限。如需开通，请联系系统管理员。</p>
      <p>
        <Link href="/console">返回工作台</Link>
      </p>
    </main>
  );
}
