import type { Metadata } from "next";
import { MessagePage } from "@/components/connect/message-page";

export const metadata: Metadata = { title: "Page not found" };

// Any address Switchboard does not have (a mistyped or truncated link, an old bookmark).
export default function NotFound() {
  return (
    <MessagePage title="Page not found">
      <p>There is nothing at this address. Check that you copied the whole link, or go back to the app you came from and open it again.</p>
    </MessagePage>
  );
}
