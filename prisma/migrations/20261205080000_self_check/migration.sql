-- AlterTable
ALTER TABLE "Category" ADD COLUMN     "requiresDocumentNumber" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "updateKind" TEXT NOT NULL DEFAULT 'NOTICE';

-- CreateTable
CREATE TABLE "SelfCheckRun" (
    "id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "triggeredById" TEXT,
    "summary" JSONB NOT NULL,

    CONSTRAINT "SelfCheckRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelfCheckFinding" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "indicator" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "link" TEXT,

    CONSTRAINT "SelfCheckFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelfCheckReport" (
    "id" TEXT NOT NULL,
    "fromDay" DATE NOT NULL,
    "toDay" DATE NOT NULL,
    "trigger" TEXT NOT NULL,
    "createdById" TEXT,
    "docxKey" TEXT NOT NULL,
    "pdfKey" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SelfCheckReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WordingRule" (
    "id" TEXT NOT NULL,
    "wrong" TEXT NOT NULL,
    "correct" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WordingRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SelfCheckRun_day_key" ON "SelfCheckRun"("day");

-- CreateIndex
CREATE INDEX "SelfCheckFinding_runId_indicator_idx" ON "SelfCheckFinding"("runId", "indicator");

-- CreateIndex
CREATE INDEX "SelfCheckReport_createdAt_idx" ON "SelfCheckReport"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WordingRule_wrong_key" ON "WordingRule"("wrong");

-- AddForeignKey
ALTER TABLE "SelfCheckFinding" ADD CONSTRAINT "SelfCheckFinding_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SelfCheckRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Shipped 错敏词 starter list (lib/self-check/wording-starter.ts)
INSERT INTO "WordingRule" ("id", "wrong", "correct", "note", "builtIn", "active", "createdAt", "updatedAt") VALUES
    ('wr_builtin_01', '国家总理', '国务院总理', '职务、称谓表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_02', '党中央总书记', '中共中央总书记', '职务、称谓表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_03', '人大委员长', '全国人大常委会委员长', '职务、称谓表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_04', '政协主席团', '全国政协主席会议', '职务、称谓表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_05', '中华人名共和国', '中华人民共和国', '职务、称谓表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_06', '淄博高新技术开发区', '淄博高新技术产业开发区', '职务、称谓表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_07', '习近平新时代中国特色社会主义理论', '习近平新时代中国特色社会主义思想', '重要提法表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_08', '中国特色社会主意', '中国特色社会主义', '重要提法表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_09', '社会主义核心价值关', '社会主义核心价值观', '重要提法表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_10', '不忘出心', '不忘初心', '重要提法表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_11', '全面从严制党', '全面从严治党', '重要提法表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_12', '党风廉证建设', '党风廉政建设', '重要提法表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_13', '两学一作', '两学一做', '重要提法表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_14', '台湾政府', '台湾当局', '涉及国家主权和领土的表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_15', '台湾总统', '台湾地区领导人', '涉及国家主权和领土的表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_16', '中华民国总统', '台湾地区领导人', '涉及国家主权和领土的表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_17', '港澳台国家', '港澳台地区', '涉及国家主权和领土的表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_18', '香港政府', '香港特别行政区政府', '涉及国家主权和领土的表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_19', '澳门政府', '澳门特别行政区政府', '涉及国家主权和领土的表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_20', '南朝鲜', '韩国', '涉及国家主权和领土的表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_21', '北朝鲜', '朝鲜', '涉及国家主权和领土的表述错误', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_22', '卫生和计划生育局', '卫生健康局', '机构名称已调整', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_23', '卫计局', '卫生健康局', '机构名称已调整', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_24', '国土资源局', '自然资源局（自然资源和规划局）', '机构名称已调整', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_25', '环境保护局', '生态环境局', '机构名称已调整', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_26', '工商行政管理局', '市场监督管理局', '机构名称已调整', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_27', '食品药品监督管理局', '市场监督管理局', '机构名称已调整', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_28', '安全生产监督管理局', '应急管理局', '机构名称已调整', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_29', '新型农村合作医疗', '城乡居民基本医疗保险', '机构名称已调整', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_30', '贯切落实', '贯彻落实', '常见错别字', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_31', '截止目前', '截至目前', '常见错别字', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_32', '一如继往', '一如既往', '常见错别字', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_33', '再接再励', '再接再厉', '常见错别字', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_34', '按步就班', '按部就班', '常见错别字', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_35', '坐阵指挥', '坐镇指挥', '常见错别字', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('wr_builtin_36', '迫不急待', '迫不及待', '常见错别字', true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
ON CONFLICT ("wrong") DO NOTHING;

-- Column kinds of the shipped catalogue (lib/self-check/column-kinds.ts)
UPDATE "Category" SET "updateKind" = 'NEWS', "requiresDocumentNumber" = false WHERE "code" = 'zdgz';
UPDATE "Category" SET "updateKind" = 'PLANNING', "requiresDocumentNumber" = false WHERE "code" = 'ghjh';
UPDATE "Category" SET "updateKind" = 'PLANNING', "requiresDocumentNumber" = false WHERE "code" = 'zfgzbg';
UPDATE "Category" SET "updateKind" = 'PLANNING', "requiresDocumentNumber" = false WHERE "code" = 'rsxx';
UPDATE "Category" SET "updateKind" = 'PLANNING', "requiresDocumentNumber" = false WHERE "code" = 'czyjs';
UPDATE "Category" SET "updateKind" = 'PLANNING', "requiresDocumentNumber" = false WHERE "code" = 'gwykz';
UPDATE "Category" SET "updateKind" = 'PLANNING', "requiresDocumentNumber" = false WHERE "code" = 'nb';
UPDATE "Category" SET "updateKind" = 'STATIC', "requiresDocumentNumber" = false WHERE "code" = 'zfld';
UPDATE "Category" SET "updateKind" = 'STATIC', "requiresDocumentNumber" = false WHERE "code" = 'jgsz';
UPDATE "Category" SET "updateKind" = 'STATIC', "requiresDocumentNumber" = true WHERE "code" = 'gz';
UPDATE "Category" SET "updateKind" = 'NOTICE', "requiresDocumentNumber" = true WHERE "code" = 'gfxwj';
UPDATE "Category" SET "updateKind" = 'STATIC', "requiresDocumentNumber" = false WHERE "code" = 'xzsyxsf';
