import { OPEN_API_BASE } from "./open-data";

// OpenAPI 3.1 description of the open-data API, served at /api/open/v1/openapi.json. Its schemas are
// JSON Schema 2020-12; tests/integration/portal-open-data.test.ts validates real responses against them.

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: "null" }] });

const ItemSummary = {
  type: "object",
  additionalProperties: false,
  required: [
    "indexNo", "title", "summary", "documentNumber", "topic", "validity", "category", "publisher", "generatedDate",
    "firstPublishedAt", "lastPublishedAt", "status", "withdrawnAt", "withdrawnReason", "url", "apiUrl",
  ],
  properties: {
    indexNo: { type: "string", pattern: "^[0-9A-Z]+/\\d{4}-\\d{5}$", description: "索引号（前段码/后段码），永久不变", examples: ["11370300MB2851364X/2026-00001"] },
    title: { type: "string", description: "名称" },
    summary: { type: "string", description: "内容概述" },
    documentNumber: nullable({ type: "string", description: "发文字号" }),
    topic: { type: "string", description: "主题分类" },
    validity: { type: "string", enum: ["valid", "repealed"], description: "有效性" },
    category: { $ref: "#/components/schemas/CategoryRef" },
    publisher: { type: "string", description: "发布机构" },
    generatedDate: { type: "string", format: "date", description: "生成日期" },
    firstPublishedAt: { type: "string", format: "date-time", description: "发布日期" },
    lastPublishedAt: { type: "string", format: "date-time", description: "最近一次发布（修订）时间" },
    status: { type: "string", enum: ["published", "withdrawn"] },
    withdrawnAt: nullable({ type: "string", format: "date-time" }),
    withdrawnReason: nullable({ type: "string", description: "撤回原因" }),
    url: { type: "string", format: "uri", description: "门户网站页面" },
    apiUrl: { type: "string", format: "uri" },
  },
};

const ItemDetail = {
  type: "object",
  additionalProperties: false,
  required: [...ItemSummary.required, "bodyHtml", "attachments", "history"],
  properties: {
    ...ItemSummary.properties,
    bodyHtml: { type: "string", description: "正文（已净化的 HTML）" },
    attachments: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "mimeType", "size", "url"],
        properties: {
          name: { type: "string" },
          mimeType: { type: "string" },
          size: { type: "integer", minimum: 0, description: "字节数" },
          url: { type: "string", format: "uri" },
        },
      },
    },
    history: {
      type: "array",
      description: "修订记录",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["version", "publishedAt", "changeNote"],
        properties: {
          version: { type: "integer", minimum: 1 },
          publishedAt: { type: "string", format: "date-time" },
          changeNote: { type: "string" },
        },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export function openApiDocument(publicBaseUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "政府信息公开开放数据接口",
      version: "1.0.0",
      description:
        "只读接口，提供本机关主动公开的政府信息（与门户网站一致）、公开目录栏目。无需认证；请合理控制访问频率。撤回的信息默认不列出，可用 includeWithdrawn=true 获取其撤回说明。",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: `${publicBaseUrl.replace(/\/$/, "")}${OPEN_API_BASE}` }],
    paths: {
      "/items": {
        get: {
          operationId: "listItems",
          summary: "政府信息列表（按发布日期倒序，分页）",
          parameters: [
            { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
            { name: "pageSize", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
            { name: "category", in: "query", description: "栏目代码（含下级栏目）", schema: { type: "string" } },
            { name: "department", in: "query", description: "科室代码", schema: { type: "string" } },
            { name: "year", in: "query", description: "生成日期所在年份", schema: { type: "integer", minimum: 1990, maximum: 2100 } },
            { name: "updatedSince", in: "query", description: "仅列出此时间之后发布、修订或撤回的信息（增量同步）", schema: { type: "string", format: "date-time" } },
            { name: "includeWithdrawn", in: "query", schema: { type: "boolean", default: false } },
          ],
          responses: {
            "200": { description: "一页政府信息", content: { "application/json": { schema: { $ref: "#/components/schemas/ItemPage" } } } },
            "400": errorResponse("参数有误"),
            "404": errorResponse("栏目或科室不存在"),
          },
        },
      },
      "/items/{prefix}/{serial}": {
        get: {
          operationId: "getItem",
          summary: "按索引号获取一条政府信息",
          description: "索引号“前段码/后段码”直接作为路径，如 /items/11370300MB2851364X/2026-00001。",
          parameters: [
            { name: "prefix", in: "path", required: true, description: "前段码（统一社会信用代码）", schema: { type: "string" } },
            { name: "serial", in: "path", required: true, description: "后段码（年份-顺序号）", schema: { type: "string", pattern: "^\\d{4}-\\d{5}$" } },
          ],
          responses: {
            "200": { description: "政府信息", content: { "application/json": { schema: { $ref: "#/components/schemas/ItemDetail" } } } },
            "404": errorResponse("索引号不存在"),
          },
        },
      },
      "/categories": {
        get: {
          operationId: "listCategories",
          summary: "公开目录栏目",
          responses: {
            "200": { description: "栏目（扁平列表，parentCode 表示上级）", content: { "application/json": { schema: { $ref: "#/components/schemas/CategoryList" } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        CategoryRef: {
          type: "object",
          additionalProperties: false,
          required: ["code", "name"],
          properties: { code: { type: "string" }, name: { type: "string" } },
        },
        ItemSummary,
        ItemDetail,
        ItemPage: {
          type: "object",
          additionalProperties: false,
          required: ["data", "page", "pageSize", "total", "totalPages", "links"],
          properties: {
            data: { type: "array", items: { $ref: "#/components/schemas/ItemSummary" } },
            page: { type: "integer", minimum: 1 },
            pageSize: { type: "integer", minimum: 1, maximum: 100 },
            total: { type: "integer", minimum: 0 },
            totalPages: { type: "integer", minimum: 1 },
            links: {
              type: "object",
              additionalProperties: false,
              required: ["self", "next", "prev"],
              properties: {
                self: { type: "string", format: "uri" },
                next: nullable({ type: "string", format: "uri" }),
                prev: nullable({ type: "string", format: "uri" }),
              },
            },
          },
        },
        Category: {
          type: "object",
          additionalProperties: false,
          required: ["code", "name", "kind", "description", "parentCode", "itemCount", "url"],
          properties: {
            code: { type: "string" },
            name: { type: "string" },
            kind: { type: "string", enum: ["national", "local"], description: "national：条例第二十条法定类别；local：本机关自设类别" },
            description: { type: "string" },
            parentCode: nullable({ type: "string" }),
            itemCount: { type: "integer", minimum: 0 },
            url: { type: "string", format: "uri" },
          },
        },
        CategoryList: {
          type: "object",
          additionalProperties: false,
          required: ["data"],
          properties: { data: { type: "array", items: { $ref: "#/components/schemas/Category" } } },
        },
        Error: {
          type: "object",
          additionalProperties: false,
          required: ["error"],
          properties: {
            error: {
              type: "object",
              additionalProperties: false,
              required: ["code", "message"],
              properties: { code: { type: "string" }, message: { type: "string" } },
            },
          },
        },
      },
    },
  };
}
