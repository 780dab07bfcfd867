from .bank import Choice, DrawRule, FixedQuestion, Question, QuestionTag, Quiz
from .documents import Certificate, FileJob
from .runs import Answer, Attempt, ClassGroup, QuizRun, TeacherProfile

__all__ = [
    "Answer", "Attempt", "Certificate", "Choice", "ClassGroup", "DrawRule", "FileJob", "FixedQuestion", "Question", "QuestionTag",
    "Quiz", "QuizRun", "TeacherProfile",
]
