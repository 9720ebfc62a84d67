import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { getOrganisation } from "@/lib/org/get-organisation";
import { getPublicItem } from "@/lib/portal/public-items";
import { getSiteSettings } from "@/lib/portal/site-settings";

// Loaded once per request however many of the layout, generateMetadata and the page ask (React's
// request-scoped cache): a page render is the cost of a cache miss, so it should not repeat queries.
export const requestOrganisation = cache(() => getOrganisation(getDb()));
export const requestSiteSettings = cache(async () => getSiteSettings(getDb(), (await requestOrganisation()).name));
export const requestPublicItem = cache((id: string) => getPublicItem(getDb(), id));
