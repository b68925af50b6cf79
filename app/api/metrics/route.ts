import { observe } from "@/lib/entry/observe";
import { metricsResponse } from "@/lib/operations/metrics-endpoint";

export const dynamic = "force-dynamic";

// Prometheus metrics of this instance, behind METRICS_TOKEN (404 when it is not set).
export const GET = observe((request) => metricsResponse(request.headers.get("authorization")));
