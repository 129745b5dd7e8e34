"""The fake hh.ru's Webhook API and chats, written from hh.ru's OpenAPI description (docs/hh.md):
GET/POST /webhook/subscriptions, PUT/DELETE /webhook/subscriptions/{id}; each response has a chat
(`chat_id` in the new-response notification) whose messages GET /common/chats/{chat_id}/messages
gives (`start_message_id`, `order`, `limit`); and the notifications hh.ru would post to our URL."""

import json

APPLICANT_PARTICIPANT, EMPLOYER_PARTICIPANT = "p-applicant", "p-employer"


class ChatRoutes:
    """Mixed into FakeHH (its `subscriptions`, `chats`, `negotiations`, `next_id`, `user_id`)."""

    # --- what the tests do -----------------------------------------------------------------------

    def add_chat_message(self, chat_id: str, text: str, *, role: str = "APPLICANT") -> str:
        message_id = self.next_id()
        sender = APPLICANT_PARTICIPANT if role == "APPLICANT" else EMPLOYER_PARTICIPANT
        self.chats[chat_id].append({
            "id": message_id, "creation_time": "2026-12-02T11:00:00+0300", "last_change_time": None,
            "can_edit": False, "sender_participant_id": sender, "type": "SIMPLE",
            "payload": {"text": text}, "viewed_by_opponent": False, "role": role,
            "sender_display_info": {"name": "Иван Иванов" if role == "APPLICANT" else "ООО Ромашка"},
        })  # fmt: skip
        return message_id

    def notification(self, action_type: str, payload: dict) -> dict:
        """A notification as hh.ru posts it (WebhookSendObjectBaseUser)."""
        subscription = next(iter(self.subscriptions), "")
        return {"id": f"notification{self.next_id()}", "subscription_id": subscription,
                "action_type": action_type, "user_id": self.user_id, "payload": payload}  # fmt: skip

    def response_notification(self, nid: str) -> dict:
        n = self.negotiations[nid]
        return self.notification("NEW_RESPONSE_OR_INVITATION_VACANCY", {
            "chat_id": n["chat_id"], "topic_id": nid, "resume_id": n["resume_id"], "vacancy_id": n["vacancy_id"],
            "employer_id": self.employer_id, "response_date": "2026-12-01T10:00:00+0300"})  # fmt: skip

    def chat_notification(self, chat_id: str, message_id: str) -> dict:
        message = next(m for m in self.chats[chat_id] if m["id"] == message_id)
        return self.notification("CHAT_MESSAGE_CREATED", {
            "chat_id": chat_id, "message_id": message_id, "message_type": message["type"],
            "sender_participant_id": message["sender_participant_id"], "role": message["role"],
            "is_current_participant": message["role"] == "EMPLOYER", "creation_time": message["creation_time"]})  # fmt: skip

    # --- the routes ------------------------------------------------------------------------------

    def webhook_route(self, method: str, parts: list[str], body: bytes) -> tuple[int, object]:
        if parts == ["webhook", "subscriptions"] and method == "GET":
            return 200, {"items": list(self.subscriptions.values())}
        if (parts == ["webhook", "subscriptions"] and method == "POST") or (
            len(parts) == 3 and method == "PUT"
        ):
            data = json.loads(body or b"{}")
            if not data.get("url") or not data.get("actions"):
                return 400, {"errors": [{"type": "bad_json_data"}]}
            if method == "PUT" and parts[2] not in self.subscriptions:
                return 404, {"errors": [{"type": "not_found"}]}
            sub_id = parts[2] if method == "PUT" else self.next_id()
            self.subscriptions[sub_id] = {"id": sub_id, "url": data["url"], "actions": data["actions"]}
            return (204, None) if method == "PUT" else (201, {"id": sub_id})
        if len(parts) == 3 and method == "DELETE" and self.subscriptions.pop(parts[2], None):
            return 204, None
        return 404, {"errors": [{"type": "not_found"}]}

    def chat_route(self, method: str, parts: list[str], params: dict) -> tuple[int, object]:
        if len(parts) != 4 or parts[3] != "messages" or method != "GET" or parts[2] not in self.chats:
            return 404, {"errors": [{"type": "not_found"}]}
        messages = self.chats[parts[2]]
        limit, order = int(params.get("limit", 20)), params.get("order", "next")
        ids = [m["id"] for m in messages]
        start = params.get("start_message_id")
        if start and start not in ids:
            return 200, self._chat(parts[2], [], False)
        if order == "next":
            at = ids.index(start) if start else 0
            chunk = messages[at : at + limit]
            more = at + limit < len(messages)
        else:
            at = ids.index(start) + 1 if start else len(messages)
            chunk = messages[max(0, at - limit) : at]
            more = at - limit > 0
        shown = [{k: v for k, v in m.items() if k != "role"} for m in chunk]  # `role` is the webhook's
        return 200, self._chat(parts[2], shown, more)

    def _chat(self, chat_id: str, messages: list[dict], more: bool) -> dict:
        nid = next((i for i, n in self.negotiations.items() if n.get("chat_id") == chat_id), None)
        vacancy_id = self.negotiations[nid]["vacancy_id"] if nid else None
        return {"id": chat_id, "type": "NEGOTIATION", "creation_time": "2026-12-01T10:00:00+0300",
                "unread_message_count": 0, "muted": False, "block_reason": None, "display": {"title": ""},
                "has_more": more, "messages": messages, "chat_states": {}, "vacancy_id": vacancy_id}  # fmt: skip
