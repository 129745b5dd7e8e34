"""The fake hh.ru's vacancies and dictionaries, written from hh's documentation (docs/hh.md):
POST /vacancies and /vacancies/drafts (validated as employer_vacancies.md and errors.md describe: 400
`bad_json_data` with `value`, `reason`, `description`; 403 `vacancies` refusals), publishing a draft,
archiving, and the anonymous dictionaries GET /dictionaries, /professional_roles, /areas/{id}."""

import json
import re

DICTIONARIES = {  # GET /dictionaries: the keys the publish form reads, ids as hh.ru has them
    "vacancy_type": [("open", "Открытая", "Open"), ("closed", "Закрытая", "Closed"),
                     ("anonymous", "Анонимная", "Anonymous"), ("direct", "Рекламная", "Direct")],
    "vacancy_billing_type": [("free", "Бесплатная", "Free"), ("standard", "Стандарт", "Standard"),
                             ("standard_plus", "Стандарт плюс", "Standard plus"), ("premium", "Премиум", "Premium")],
    "employment": [("full", "Полная занятость", "Full time"), ("part", "Частичная занятость", "Part time"),
                   ("project", "Проектная работа", "Project work")],
    "schedule": [("fullDay", "Полный день", "Full day"), ("shift", "Сменный график", "Shift schedule"),
                 ("remote", "Удаленная работа", "Remote working")],
    "experience": [("noExperience", "Нет опыта", "No experience"), ("between1And3", "От 1 года до 3 лет", "1–3 years"),
                   ("between3And6", "От 3 до 6 лет", "3–6 years"), ("moreThan6", "Более 6 лет", "More than 6 years")],
}  # fmt: skip
CURRENCIES = [("RUR", "Рубли", "Roubles"), ("USD", "Доллары", "Dollars")]
ROLES = [("11", "Информационные технологии", "Information technology",
          [("96", "Программист, разработчик", "Programmer, developer"), ("124", "Тестировщик", "Tester")])]  # fmt: skip
AREAS = {"113": ("Россия", "Russia", None), "1": ("Москва", "Moscow", "113"), "2": ("Санкт-Петербург", "St Petersburg", "113")}  # fmt: skip
REQUIRED = ("name", "description", "area", "professional_roles", "billing_type", "type")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def bad(value: str, reason: str, description: str) -> dict:
    """One field error as employer_vacancies.md shows it."""
    return {"type": "bad_json_data", "value": value, "reason": reason, "pointer": f"/{value}",
            "description": description}  # fmt: skip


def _name(row: tuple, locale: str) -> str:
    return row[2] if locale == "EN" else row[1]


class VacancyRoutes:
    """Mixed into FakeHH (its `vacancies`, `add_vacancy`, `next_id`, `publish_refusal`)."""

    def anonymous(self, method: str, parts: list[str], params: dict) -> tuple[int, object] | None:
        locale = params.get("locale", "RU")
        if method != "GET":
            return None
        if parts == ["dictionaries"]:
            answer = {
                key: [{"id": r[0], "name": _name(r, locale)} for r in rows]
                for key, rows in DICTIONARIES.items()
            }
            answer["currency"] = [
                {"code": r[0], "abbr": r[0], "name": _name(r, locale), "rate": 1.0} for r in CURRENCIES
            ]
            return 200, answer
        if parts == ["professional_roles"]:
            return 200, {"categories": [{"id": c[0], "name": _name(c, locale),
                                         "roles": [{"id": r[0], "name": _name(r, locale)} for r in c[3]]} for c in ROLES]}  # fmt: skip
        if len(parts) == 2 and parts[0] == "areas":
            if parts[1] not in AREAS:
                return 404, {"errors": [{"type": "not_found"}]}
            row = AREAS[parts[1]]
            children = [
                {"id": i, "name": _name(a, locale), "areas": []} for i, a in AREAS.items() if a[2] == parts[1]
            ]
            return 200, {"id": parts[1], "parent_id": row[2], "name": _name(row, locale), "areas": children}
        return None

    def validate(self, data: dict) -> list[dict]:
        errors = [bad(k, "required", "Значение обязательное") for k in REQUIRED if not data.get(k)]
        text = re.sub(r"<[^>]+>", "", str(data.get("description") or ""))
        if data.get("description") and len(text) < 200:
            errors.append(
                bad("description", "is_too_short", "Описание должно содержать не менее 200 символов")
            )
        if EMAIL.search(text):
            errors.append(bad("description", "email_in_description", "В описании не должно быть email"))
        area = str((data.get("area") or {}).get("id", ""))
        if data.get("area") and (area not in AREAS or any(a[2] == area for a in AREAS.values())):
            errors.append(bad("area", "chosen_area_is_not_a_leaf_or_not_exist", "Регион указан неверно"))
        if len(data.get("professional_roles") or []) > 1:
            errors.append(bad("professional_roles", "is_too_long", "Не более одной роли"))
        billing = str((data.get("billing_type") or {}).get("id", ""))
        if data.get("billing_type") and billing not in [r[0] for r in DICTIONARIES["vacancy_billing_type"]]:
            errors.append(bad("billing_type", "", "Неизвестный биллинговый тип"))
        return errors

    def publish(self, data: dict, params: dict) -> tuple[int, object]:
        """POST /vacancies, or a draft's publication: 201 {"id"}, 400 field errors, 403 vacancies."""
        errors = self.validate(data)
        if errors:
            return 400, {"errors": errors}
        if self.publish_refusal:
            return 403, {"errors": [{"type": "vacancies", "value": self.publish_refusal}]}
        same = [v for v in self.vacancies.values() if v.get("name") == data["name"] and not v.get("archived")]
        if same and params.get("ignore_duplicates") != "true":
            return 403, {"errors": [{"type": "vacancies", "value": "duplicate"}], "found": len(same)}
        vacancy_id = self.add_vacancy(data["name"])
        self.vacancies[vacancy_id]["sent"] = data
        return 201, {"id": vacancy_id}

    def vacancy_route(self, method: str, parts: list[str], params: dict, body: bytes) -> tuple[int, object]:
        if parts == ["vacancies"] and method == "POST":
            return self.publish(json.loads(body or b"{}"), params)
        if parts == ["vacancies", "drafts"] and method == "POST":
            draft_id = self.next_id()
            self.drafts[draft_id] = json.loads(body or b"{}")
            return 201, {"id": draft_id}
        if len(parts) == 4 and parts[1] == "drafts" and parts[3] == "publish" and method == "POST":
            if parts[2] not in self.drafts:
                return 404, {"errors": [{"type": "not_found"}]}
            status, answer = self.publish(self.drafts[parts[2]], params)
            if status != 201:
                return status, answer  # the draft stays
            del self.drafts[parts[2]]
            return 201, {"vacancy_ids": [int(answer["id"])]}
        if len(parts) == 2 and method == "GET":
            if parts[1] in self.removed_vacancies or parts[1] not in self.vacancies:
                return 404, {"errors": [{"type": "not_found"}]}
            return 200, self.vacancies[parts[1]]
        if len(parts) == 5 and parts[3] == "archived" and method == "PUT":
            if parts[1] != self.employer_id or parts[4] not in self.vacancies:
                return 404, {"errors": [{"type": "not_found"}]}
            self.vacancies[parts[4]]["archived"] = True
            return 204, None
        return 404, {"errors": [{"type": "not_found"}]}
