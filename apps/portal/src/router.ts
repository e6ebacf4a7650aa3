import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import { useSession, type Me, type Role } from "./stores/session";

declare module "vue-router" {
  interface RouteMeta {
    title?: string;
    /** roles the page is offered to; the server still checks every call */
    roles?: Role[];
    public?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  { path: "/login", component: () => import("./pages/LoginPage.vue"), meta: { public: true, title: "登录" } },
  { path: "/overview", component: () => import("./pages/OverviewPage.vue"), meta: { title: "排名总览" } },
  { path: "/units/:key", component: () => import("./pages/UnitPage.vue"), meta: { title: "法庭详情" } },
  { path: "/compare", component: () => import("./pages/ComparePage.vue"), meta: { title: "对比分析" } },
  { path: "/my-units", component: () => import("./pages/MyUnitsPage.vue"), meta: { title: "分管法庭", roles: ["leader"] } },
  { path: "/data-entry", component: () => import("./pages/DataEntryPage.vue"), meta: { title: "数据填报", roles: ["stats"] } },
  { path: "/adjustments", component: () => import("./pages/AdjustmentsPage.vue"), meta: { title: "加减分", roles: ["stats", "admin", "hr", "leader"] } },
  { path: "/manual", component: () => import("./pages/ManualPage.vue"), meta: { title: "评议打分", roles: ["hr"] } },
  { path: "/review/:period?", component: () => import("./pages/ReviewPage.vue"), meta: { title: "审核与异议" } },
  { path: "/publish/:period?", component: () => import("./pages/PublishPage.vue"), meta: { title: "发布", roles: ["stats"] } },
  { path: "/notices", component: () => import("./pages/NoticesPage.vue"), meta: { title: "考核通报" } },
  { path: "/notices/:period", component: () => import("./pages/NoticePage.vue"), meta: { title: "考核通报" } },
  { path: "/summaries", component: () => import("./pages/SummariesPage.vue"), meta: { title: "季度总结" } },
  { path: "/summaries/:quarter", component: () => import("./pages/SummaryPage.vue"), meta: { title: "季度总结" } },
  { path: "/annual/:year?", component: () => import("./pages/AnnualPage.vue"), meta: { title: "年度考核" } },
  { path: "/supervision/:id?", component: () => import("./pages/SupervisionPage.vue"), meta: { title: "督办" } },
  { path: "/studio", component: () => import("./pages/StudioPage.vue"), meta: { title: "考核办法", roles: ["hr"] } },
  { path: "/audit", component: () => import("./pages/AuditPage.vue"), meta: { title: "操作记录", roles: ["admin", "hr"] } },
  { path: "/admin", component: () => import("./pages/AdminPage.vue"), meta: { title: "账号与法庭", roles: ["admin"] } },
  // "/" is sent to the user's own landing page by the guard below (a redirect here would run before it)
  { path: "/", component: { render: () => null } },
  { path: "/:rest(.*)*", component: () => import("./pages/NotFoundPage.vue"), meta: { title: "页面不存在" } },
];

/** Where each role starts: what they come for (product.md, "Who uses it"). */
export function landingFor(me: Me): string {
  switch (me.role) {
    case "leader":
      return "/my-units";
    case "head":
      return me.units[0] ? `/units/${me.units[0]}` : "/overview";
    case "stats":
      return "/data-entry";
    case "admin":
      return "/admin";
    default:
      return "/overview";
  }
}

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  const session = useSession();
  if (!session.checked) await session.refresh().catch(() => null);
  if (to.meta.public) return session.me && to.path === "/login" ? landingFor(session.me) : true;
  if (!session.me) return { path: "/login", query: to.fullPath !== "/" ? { next: to.fullPath } : {} };
  if (to.path === "/") return landingFor(session.me);
  if (to.meta.roles && !to.meta.roles.includes(session.me.role)) return landingFor(session.me);
  return true;
});

// the window's title (the page and the court's name from 本院信息) is kept by App.vue
