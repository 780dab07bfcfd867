from .bank import Choice, DrawRule, FixedQuestion, Question, QuestionTag, Quiz
from .runs import Answer, Attempt, ClassGroup, QuizRun, TeacherProfile

__all__ = [
    "Answer", "Attempt", "Choice", "ClassGroup", "DrawRule", "FixedQuestion", "Question", "QuestionTag",
    "Quiz", "QuizRun", "TeacherProfile",
]
