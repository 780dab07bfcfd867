from .bank import Choice, DrawRule, FixedQuestion, Question, QuestionTag, Quiz
from .documents import Certificate, FileJob
from .runs import Answer, Attempt, AttemptDeletion, ClassGroup, QuizRun, TeacherProfile

__all__ = [
    "Answer", "Attempt", "AttemptDeletion", "Certificate", "Choice", "ClassGroup", "DrawRule", "FileJob", "FixedQuestion", "Question", "QuestionTag",
    "Quiz", "QuizRun", "TeacherProfile",
]
