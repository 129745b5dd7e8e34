"""Russian and mixed-language CVs of the evaluation set, each the twin of an English CV: the same
person and facts written the way Russian CVs are (skills in Cyrillic, "опыт работы", "лет/года",
"2019 — настоящее время", "по н.в.", month names). A twin takes its English CV's labels, so the
evaluation checks that a Russian CV is rated as well as the English one.
"""

# (key, file format, English twin, text)
RUSSIAN_CVS: list[tuple[str, str, str, str]] = [
    (
        "anna_python_senior_ru",
        "pdf",
        "anna_python_senior",
        """Анна Келлер — старший Python-разработчик
О себе
Бэкенд-разработчик, опыт работы 8 лет: веб-сервисы на Питоне.
Опыт работы
Сентябрь 2019 — настоящее время: Старший Python-разработчик, Paylane. API на Django REST Framework,
оптимизация запросов Постгрес, кэширование в Редис, фоновые задачи Celery, образы Докер в Кубернетес на AWS.
Март 2016 — август 2019: Python-разработчик, Shoply. Джанго, PostgreSQL, RabbitMQ, юнит-тесты на pytest.
Образование
2011 — 2016: Магистр, информатика, ТУ Берлина
Навыки
Питон, Джанго, FastAPI, PostgreSQL, SQL, Redis, Celery, Docker, Kubernetes, AWS, Гит, Линукс
Языки
Немецкий — родной, английский — C1
""",
    ),
    (
        "elena_frontend_senior_ru",
        "docx",
        "elena_frontend_senior",
        """Елена Росси — старший фронтенд-разработчик
Опыт работы с React — 6 лет.
2020 — по н.в.: Старший фронтенд-разработчик, TravelNow. Реакт, Redux, TypeScript, Next.js, Jest,
дизайн-система на CSS-модулях, аудит доступности.
2018 — 2020: Фронтенд-разработчик, AdTech GmbH. JavaScript, React, HTML5, CSS3, Webpack.
Навыки: JavaScript, TypeScript, React, Redux, Next.js, HTML, CSS, Jest, Git
Языки: итальянский (родной), английский (C1)
""",
    ),
    (
        "ivan_devops_senior_ru",
        "txt",
        "ivan_devops_senior",
        """Иван Петренко — старший DevOps-инженер
Опыт эксплуатации продакшен-инфраструктуры 7 лет.
Май 2019 — настоящее время: Старший DevOps-инженер, CloudRetail. Кластеры k8s на EKS, модули Terraform,
чарты Helm, мониторинг Prometheus и Grafana, пайплайны GitLab CI, Ansible.
2017 — 2019: Системный инженер, HostIt. Серверы на Линуксе, Bash, Докер, Nginx, скрипты на Питоне.
Навыки: Linux, Bash, Docker, Кубернетес, Terraform, AWS, CI/CD, Prometheus, Grafana, Ansible, Helm, Python
Языки: украинский — родной, английский — B2
""",
    ),
    (
        "lena_data_senior_ru",
        "docx",
        "lena_data_senior",
        """Dr. Lena Hoffmann — Senior Data Scientist
Опыт работы: 6 лет в прикладном машинном обучении (applied machine learning).
2019 — н.в.: Senior Data Scientist, InsureAI. Python, pandas, NumPy, модели scikit-learn и PyTorch,
статистические A/B-тесты, SQL в BigQuery, пайплайны Spark под управлением Airflow.
Образование
2014 — 2019: аспирантура, статистика, Мюнхенский университет
Skills: Python, pandas, NumPy, scikit-learn, PyTorch, статистика, SQL, Spark, Airflow
Языки: немецкий — родной, английский — C2
""",
    ),
    (
        "oscar_qa_automation_ru",
        "pdf",
        "oscar_qa_automation",
        """Оскар Линд
Инженер по автоматизации тестирования (QA Automation)
Опыт работы в автоматизации тестирования 2 года.
Январь 2023 — по настоящее время: QA Automation Engineer, WebShop AB. Сквозные автотесты на Playwright
и Селениум на Питоне, pytest, проверки тестовых данных на SQL, Git и GitHub Actions.
Навыки: Python, pytest, Selenium, Playwright, SQL, Git
Языки: шведский — родной, английский — B2, немецкий — B1
""",
    ),
    (
        "rosa_sales_ru",
        "txt",
        "rosa_sales",
        """Роза Альварес
Менеджер по продажам
Опыт в B2B-продажах 8 лет.
2016 — настоящее время: менеджер по продажам, MediSupply. Ключевые клиенты, CRM, переговоры, выставки.
Навыки: переговоры, Salesforce, презентации
Языки: испанский — родной, английский — C1
""",
    ),
]
