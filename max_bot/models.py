from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from core.models import TimeStampedModel
from messaging.models import ChatStep, ConversationState


class MaxUpdate(TimeStampedModel):
    """The MAX bot's inbox: each update MAX handed out (GET /updates) or posted (webhook), stored before
    it is confirmed (the next marker) or answered (200), and marked handled in the transaction of its
    effects. MAX updates carry no id: `key` is the message's mid, the callback's id, or the chat, user
    and time of a start, so a replayed update is stored once. The row id keeps each chat's order."""

    key = models.CharField(max_length=200, unique=True, verbose_name=_("key"))
    update_type = models.CharField(max_length=40, verbose_name=_("update type"))
    chat_id = models.BigIntegerField(verbose_name=_("chat ID"))
    payload = models.JSONField(verbose_name=_("payload"))
    handled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("handled at"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("MAX update")
        verbose_name_plural = _("MAX updates")
        indexes = [
            models.Index(
                fields=["chat_id", "id"], condition=models.Q(handled_at=None), name="max_update_pending_idx"
            ),
            models.Index(fields=["handled_at"], name="max_update_handled_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.update_type} {self.key}" + ("" if self.handled_at else " (pending)")


class MaxChat(ConversationState):
    """Where a MAX dialog is in its conversation with the bot; `recent_update_ids` are `MaxUpdate` ids."""

    chat_id = models.BigIntegerField(unique=True, verbose_name=_("MAX chat ID"))

    class Meta(ConversationState.Meta):
        verbose_name = _("MAX chat")
        verbose_name_plural = _("MAX chats")
        constraints = [
            models.CheckConstraint(condition=models.Q(step__in=ChatStep.values), name="max_chat_step_valid"),
        ]

    def __str__(self) -> str:
        return f"MAX chat {self.chat_id}: {self.step}"


class MaxUser(TimeStampedModel):
    """A MAX user who registered with the bot: the candidate they are and the dialog to write to."""

    user_id = models.BigIntegerField(unique=True, verbose_name=_("MAX user ID"))
    chat_id = models.BigIntegerField(verbose_name=_("MAX chat ID"))
    # A foreign key, not one-to-one: merging two candidates moves the MAX accounts of both to the one kept.
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="max_users", verbose_name=_("candidate")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("MAX user")
        verbose_name_plural = _("MAX users")

    def __str__(self) -> str:
        return f"MAX user {self.user_id}"
