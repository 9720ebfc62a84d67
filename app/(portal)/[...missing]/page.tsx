import { notFound } from "next/navigation";

// Any path no other route serves (e.g. /abc) answers 404 inside the portal layout — header, search,
// navigation and footer — with the portal's own not-found page, rather than a bare page.
export default function UnknownPath(): never {
  notFound();
}
