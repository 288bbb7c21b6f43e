"""The questionnaire and its answers in HL7 FHIR R4 (Structured Data Capture).

- identity.py: the canonical URLs, code systems and extensions, under the clinic's
  FHIR_BASE_URL;
- questionnaire.py: a FHIR Questionnaire made from questions.yaml;
- enable_when.py: each show_if as enableWhen, or as FHIRPath where R4 cannot say it;
- views.py: the Questionnaire served, public and read-only;
- response.py: a QuestionnaireResponse per submission, and back to our answers.

Built with the fhir.resources R4B models, so each resource is validated as it is made.
"""
